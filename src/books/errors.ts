import { ConfigError } from '../core/errors.js';

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
