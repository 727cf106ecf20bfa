import { ApiError, ConfigError } from '../core/errors.js';

type OrganizationChoice = { organization_id: string; name: string };

/** Several organizations and none chosen: zbooks never picks one silently. `reason` is `organization_choice_needed`. */
export class OrganizationChoiceError extends ConfigError {
  readonly organizations: readonly OrganizationChoice[];
  constructor(message: string, hint: string, options: { organizations: readonly OrganizationChoice[] }) {
    super(message, hint, { reason: 'organization_choice_needed' });
    this.organizations = options.organizations;
  }
}

export type PaginationFault = 'wrong_page' | 'repeated_page' | 'empty_page_claims_more';

/**
 * A list stopped because its answers cannot be followed without looping or repeating records: the page that
 * came back is not the page asked for, repeats an earlier page, or is empty and still claims more (`reason`
 * says which: a PaginationFault). Everything yielded before it is valid and was yielded once; `received` says
 * how many records that was. Zoho gave no code, so `code` is undefined.
 */
export class PaginationError extends ApiError {
  /** The page that was asked for when the answers stopped making sense. */
  readonly page: number;
  /** Records yielded before the stop. */
  readonly received: number;
  constructor(
    message: string,
    hint: string,
    options: { fault: PaginationFault; page: number; received: number },
  ) {
    super(message, hint, { reason: options.fault });
    this.page = options.page;
    this.received = options.received;
  }
}
