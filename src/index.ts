export * from './auth/index.js';
/** Record, request, query and module types of the Books API: `Books.Invoice`, `Books.InvoicesApi`. */
export type * as Books from './books/api-types.js';
export type { CallOptions } from './books/arguments.js';
export type { RequestOptions } from './books/client.js';
export { OrganizationChoiceError, PaginationError, type PaginationFault } from './books/errors.js';
export type { Operation, OperationParam } from './books/operation-shape.js';
export type { RateLimitSettings, RetrySettings, ZohoBooksOptions } from './books/options.js';
export type { Organization } from './books/organization-resolver.js';
export { ListCall, markOf, type Page, type PageContext, type PageMark } from './books/pagination.js';
export { ZohoBooks } from './books/zoho-books.js';
export { type Clock, systemClock } from './core/clock.js';
export {
  type AccountsLocation,
  ENV_NAMES,
  resolveAccounts,
  settingsFromEnv,
  type ZbooksSettings,
} from './core/config.js';
export {
  DATA_CENTRES,
  type DataCentre,
  type DcId,
  dcByAccountsUrl,
  dcByApiDomain,
  dcById,
} from './core/data-centres.js';
export * from './core/errors.js';
export { mask, redact, SecretRegistry } from './core/redact.js';
export type { WaitListener, WaitNotice, WaitReason } from './core/waits.js';
export type { BinaryBody } from './http/decode.js';
export {
  ConnectionError,
  InvalidRequestError,
  InvalidUrlError,
  MalformedResponseError,
  NotFoundError,
  OutcomeUnknownError,
  RateLimitError,
  ScopeError,
  ServerError,
  WrongOrganizationError,
} from './http/errors.js';
export type { RateLimitStatus } from './http/rate-limiter.js';
export type { ResponseHeaders } from './http/response-headers.js';
export type { AccessTokenSource } from './http/types.js';
