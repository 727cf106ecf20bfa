import type { RunContext } from '../../context.js';
import { fetchOrganizations } from './fetch-organizations.js';

export interface ListOptions {
  profile?: string;
  json?: boolean;
}

/** `zbooks orgs`: the organizations this login reaches; `*` marks the profile's. */
export async function run(options: ListOptions, ctx: RunContext): Promise<number> {
  const { settings, organizations } = await fetchOrganizations(ctx, options.profile);
  if (options.json) {
    ctx.out(`${JSON.stringify(organizations, null, 2)}\n`);
    return 0;
  }
  for (const o of organizations) {
    const current = o.organization_id === settings.values.organizationId ? '*' : ' ';
    ctx.out(`${current} ${o.organization_id}  ${o.name}\n`);
  }
  return 0;
}
