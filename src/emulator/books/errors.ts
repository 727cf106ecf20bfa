import type { BusinessCodes, BusinessRefusal } from './codes.js';

/** Books' error envelopes (REFERENCE §5), word for word where Zoho's wording is known. */
export const BOOKS_ERRORS = Object.freeze({
  notAuthenticated: {
    code: 14,
    message:
      'The request could not be authenticated as the authentication value you entered is invalid. Enter a valid authentication value and try again.',
  },
  notAuthorized: { code: 57, message: 'You are not authorized to perform this operation' },
  invalidUrl: { code: 5, message: 'Invalid URL Passed' },
  internal: { code: 1000, message: 'Internal error' },
});

export const methodNotAllowed = (method: string) => ({
  code: 37,
  message: `The HTTP method ${method} is not allowed for the requested resource`,
});

/** A Books answer other than success: thrown by handlers, turned into `{code, message}` by the router. */
export class BooksError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'BooksError';
  }

  body(): { code: number; message: string } {
    return { code: this.code, message: this.message };
  }
}

const capitalize = (s: string): string => (s === '' ? s : s[0]!.toUpperCase() + s.slice(1));

/** Code 2: a value Zoho refuses, naming the field or parameter. */
export const invalidValue = (field: string): BooksError =>
  new BooksError(400, 2, `Invalid value passed for ${field}`);

/** Code 4: a required field is missing (Zoho names the field in its message). */
export const missingField = (field: string): BooksError =>
  new BooksError(400, 4, `Invalid value passed for ${field}. ${field} is required.`);

/** 1002-style "does not exist" for a record of `thing` (e.g. "Invoice does not exist."). */
export const notFound = (thing: string): BooksError =>
  new BooksError(404, 1002, `${capitalize(thing)} does not exist.`);

/** A business refusal whose code comes from the emulator's settings (REFERENCE §5; [open] ones configurable). */
export const refuse = (core: { config: { codes: BusinessCodes } }, kind: BusinessRefusal, message: string) =>
  new BooksError(400, core.config.codes[kind], message);

/**
 * An operation the emulator does not model: HTTP 501 (Not Implemented) and a message saying so, never a
 * success that did nothing. 501 is not retried by clients and tells a reader at once that Zoho would
 * have done something here the emulator cannot.
 */
export const notModelled = (
  core: { config: { codes: BusinessCodes } },
  operationId: string,
  why: string,
): BooksError =>
  new BooksError(
    501,
    core.config.codes.notModelled,
    `${operationId} is not modelled by the zbooks emulator: ${why}. See "What the emulator does not model" in the zbooks README.`,
  );

export const wrongOrganization = (org: string): BooksError =>
  new BooksError(400, 6041, `This user is not associated with the CompanyID/CompanyName:${org}.`);

export { capitalize };
