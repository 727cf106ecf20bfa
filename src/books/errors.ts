import { ApiError, ConfigError } from '../core/errors.js';

/** Several organizations and none chosen: zbooks never picks one silently. */
export class OrganizationChoiceError extends ConfigError {
  readonly organizations: readonly { organization_id: string; name: string }[];
  constructor(
    message: string,
    hint: string,
    organizations: readonly { organization_id: string; name: string }[],
  ) {
    super(message, hint, { code: 'organization_choice_needed' });
    this.organizations = organizations;
  }
}

export type PaginationFault = 'wrong_page' | 'repeated_page' | 'empty_page_claims_more';

/**
 * A list stopped because its answers cannot be followed without looping or repeating records: the page that
 * came back is not the page asked for, repeats an earlier page, or is empty and still claims more. Everything
 * yielded before it is valid and was yielded once; `received` says how many records that was.
 */
export class PaginationError extends ApiError {
  /** The page that was asked for when the answers stopped making sense. */
  readonly page: number;
  /** Records yielded before the stop. */
  readonly received: number;
  constructor(message: string, hint: string, fault: PaginationFault, page: number, received: number) {
    super(message, hint, undefined, { code: fault });
    this.page = page;
    this.received = received;
  }
}
