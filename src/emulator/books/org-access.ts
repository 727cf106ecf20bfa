import type { EmulatorCore } from '../emulator-core.js';
import type { AccessTokenRecord, ClientRecord, OrganizationRecord } from '../state.js';
import { invalidValue, wrongOrganization } from './errors.js';
import { OrgStore } from './state.js';

/** The only calls Zoho takes without `organization_id`: listing and creating organizations. */
const ORG_FREE = new Set(['list_organizations', 'create_organization']);

export function needsOrganization(operationId: string): boolean {
  return !ORG_FREE.has(operationId);
}

/**
 * The organization named by `organization_id`, if this token's user has it (a client_credentials token
 * only has its `soid` organization). Anything else is Zoho's 6041, whatever the organization is.
 */
export function organizationFor(
  url: URL,
  client: ClientRecord,
  token: AccessTokenRecord,
): OrganizationRecord {
  const id = url.searchParams.get('organization_id');
  if (!id) throw invalidValue('organization_id');
  const org = client.organizations.find((o) => o.organization_id === id);
  if (!org || (token.organizationId !== undefined && token.organizationId !== id))
    throw wrongOrganization(id);
  return org;
}

/** The organization's books, created with its defaults (base currency, accounts, owner) on first use. */
export function openStore(
  core: EmulatorCore,
  org: OrganizationRecord,
  client: ClientRecord,
  init: (store: OrgStore) => void,
): OrgStore {
  let store = core.books.orgs.get(org.organization_id);
  if (!store) {
    store = new OrgStore({ org, client });
    core.books.orgs.set(org.organization_id, store);
    init(store);
  }
  return store;
}
