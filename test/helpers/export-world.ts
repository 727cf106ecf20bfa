import type { Emulator, SeedResult } from '../../src/emulator/index.js';
import { tempDir } from './cli.js';
import { emulator } from './emulator.js';

/**
 * An emulator with its Books limits off, organizations of the given names, a refresh token as after
 * `zbooks auth login`, and a config dir of its own: what the export tests run the CLI against.
 */
export async function exportWorld(organizations: string[]) {
  const emu: Emulator = await emulator();
  emu.configure({ books: { perMinute: 0, perDay: 0, concurrency: 0 } });
  const seed: SeedResult = emu.seed({ organizations: organizations.map((name) => ({ name })) });
  const response = await fetch(`${seed.accounts_url}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: seed.client_id,
      client_secret: seed.client_secret,
      code: seed.code,
    }),
  });
  const tokens = (await response.json()) as { refresh_token?: string; access_token?: string };
  if (!tokens.refresh_token || !tokens.access_token)
    throw new Error('the emulator did not exchange the code');
  const config = await tempDir('zbooks-export-');
  const orgId = (name: string) => {
    const org = seed.organizations.find((o) => o.name === name);
    if (!org) throw new Error(`no organization ${name}`);
    return org.organization_id;
  };
  return {
    emu,
    dir: config.path,
    orgId,
    /** The CLI's environment: nothing from the test process but PATH and HOME (added by the helper). */
    env: (organization?: string): Record<string, string> => ({
      ZBOOKS_CONFIG_DIR: config.path,
      // The emulator's limits are off here; the client's own 100/min would make the 50,000-record run wait.
      ZBOOKS_RATE_LIMIT: '100000',
      ZOHO_ACCOUNTS_URL: seed.accounts_url,
      ZOHO_CLIENT_ID: seed.client_id,
      ZOHO_CLIENT_SECRET: seed.client_secret,
      ZOHO_REFRESH_TOKEN: tokens.refresh_token!,
      ...(organization ? { ZOHO_ORGANIZATION_ID: orgId(organization) } : {}),
    }),
    /** A Books API call as another program would make it (to shape test data). */
    api: async (method: string, path: string, organization: string, body?: unknown) => {
      const url = `${seed.api_domain}/books/v3${path}?organization_id=${orgId(organization)}`;
      const answer = await fetch(url, {
        method,
        headers: {
          authorization: `Zoho-oauthtoken ${tokens.access_token}`,
          'content-type': 'application/json',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return (await answer.json()) as Record<string, unknown>;
    },
    secrets: [seed.client_secret, tokens.refresh_token, tokens.access_token],
    close: async () => {
      await emu.close();
      await config.remove();
    },
  };
}

export type ExportWorld = Awaited<ReturnType<typeof exportWorld>>;
