import { ConfigError } from '../core/errors.js';
import { OrganizationChoiceError } from './errors.js';

/** An organization as GET /organizations lists it; the id is always a string. */
export interface Organization {
  organization_id: string;
  name: string;
  [field: string]: unknown;
}

/**
 * Which organization calls go to: the configured one (option or ZOHO_ORGANIZATION_ID), else the only one
 * the login reaches, found with one GET /organizations shared by concurrent callers. Several and none
 * chosen is an error listing them: zbooks never picks the first one silently.
 */
export class OrganizationResolver {
  readonly #list: () => Promise<Organization[]>;
  #resolved: string | undefined;
  #pending: Promise<string> | undefined;

  constructor(configured: string | undefined, list: () => Promise<Organization[]>) {
    this.#resolved = configured;
    this.#list = list;
  }

  /** The organization id once known, without a call. */
  get known(): string | undefined {
    return this.#resolved;
  }

  resolve(): Promise<string> {
    if (this.#resolved !== undefined) return Promise.resolve(this.#resolved);
    this.#pending ??= this.#discover().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #discover(): Promise<string> {
    const organizations = await this.#list();
    if (organizations.length === 1) {
      this.#resolved = organizations[0]!.organization_id;
      return this.#resolved;
    }
    if (organizations.length === 0) {
      throw new ConfigError(
        'This login reaches no Zoho Books organization.',
        'Sign in to Zoho Books once to create an organization, or log in as a user who belongs to one.',
        { reason: 'no_organization' },
      );
    }
    const listed = organizations.map((o) => `${o.organization_id} (${o.name})`).join(', ');
    throw new OrganizationChoiceError(
      `This login reaches ${organizations.length} organizations and none was chosen: ${listed}.`,
      'Choose one: new ZohoBooks({ organizationId: "<id>" }), the environment variable ZOHO_ORGANIZATION_ID, or `zbooks orgs use <id>` for a CLI profile. zbooks never picks one silently.',
      { organizations: organizations.map((o) => ({ organization_id: o.organization_id, name: o.name })) },
    );
  }
}
