import type { EmulatorCore } from '../emulator-core.js';
import { EmulatorInputError } from '../errors.js';
import { initOrganization } from './models/index.js';
import { openStore } from './org-access.js';
import type { OrgStore } from './state.js';
import type { Collection } from './surface-index.js';

/** An organization's books for the emulator's own API (inspection, seeding, samples). */
export function storeFor(core: EmulatorCore, organizationId: string): OrgStore {
  for (const client of core.state.clients.values()) {
    const org = client.organizations.find((o) => o.organization_id === organizationId);
    if (org) return openStore(core, org, client, (s) => initOrganization(core, s));
  }
  throw new EmulatorInputError(`unknown organization "${organizationId}"`, 404);
}

export function collectionFor(core: EmulatorCore, name: string): Collection {
  const c = core.surface.findCollection(name);
  if (!c) throw new EmulatorInputError(`unknown Books collection "${name}"`, 404);
  return c;
}
