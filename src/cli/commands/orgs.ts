import { listOrganizations } from '../../books/organizations.js';
import { ConfigError } from '../../core/errors.js';
import type { RunContext } from '../context.js';
import { describeOrganizations } from '../login.js';
import { saveProfile } from '../profile-file.js';

async function fetchOrganizations(run: RunContext, profile: string | undefined) {
  const settings = await run.settings({ profile });
  const provider = await run.provider(settings);
  const token = await provider.getToken();
  run.addSecret(token.accessToken);
  const organizations = await listOrganizations(token.apiDomain, token.accessToken, undefined, {
    secrets: run.secrets,
    ...(token.scope ? { scope: token.scope } : {}),
  });
  return { settings, organizations };
}

export async function orgsList(
  run: RunContext,
  options: { profile?: string; json?: boolean },
): Promise<void> {
  const { settings, organizations } = await fetchOrganizations(run, options.profile);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(organizations, null, 2)}\n`);
    return;
  }
  for (const o of organizations) {
    const current = o.organization_id === settings.values.organizationId ? '*' : ' ';
    process.stdout.write(`${current} ${o.organization_id}  ${o.name}\n`);
  }
}

export async function orgsUse(run: RunContext, id: string, options: { profile?: string }): Promise<void> {
  const { settings, organizations } = await fetchOrganizations(run, options.profile);
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
  process.stderr.write(
    `✓ Profile "${settings.profileName}" now uses ${organization.name} (${organization.organization_id}).\n`,
  );
}
