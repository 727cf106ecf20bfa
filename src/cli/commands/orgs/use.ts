import { ConfigError } from '../../../core/errors.js';
import type { RunContext } from '../../context.js';
import { describeOrganizations } from '../../login/login.js';
import { saveProfile } from '../../profile-file.js';
import { fetchOrganizations } from './fetch-organizations.js';

export interface UseOptions {
  profile?: string;
}

/** `zbooks orgs use <id>`: the profile's organization, checked against those the login reaches. */
export async function run(id: string, options: UseOptions, ctx: RunContext): Promise<number> {
  const { settings, organizations } = await fetchOrganizations(ctx, options.profile);
  const organization = organizations.find((o) => o.organization_id === id);
  if (!organization) {
    throw new ConfigError(
      `Organization ${id} is not one this login can reach.`,
      `Choose one of: ${describeOrganizations(organizations)}.`,
    );
  }
  if (!settings.profile) {
    throw new ConfigError(
      `Profile "${settings.profileName}" does not exist.`,
      'Run `zbooks auth login` first, or set ZOHO_ORGANIZATION_ID.',
    );
  }
  await saveProfile(settings.configDir, settings.profileName, {
    ...settings.profile,
    organization_id: organization.organization_id,
    organization_name: organization.name,
  });
  ctx.err(
    `✓ Profile "${settings.profileName}" now uses ${organization.name} (${organization.organization_id}).\n`,
  );
  return 0;
}
