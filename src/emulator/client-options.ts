import type { EmulatorClientOptions, SeedResult } from './types.js';

/**
 * Ready options for a zbooks client (`new ZohoBooks(options)`) from a logged-in seed, as plain data: the
 * emulator shares no code or types with the client, so the shape is written here, field for field.
 */
export function clientOptionsFor(
  seed: Pick<SeedResult, 'client_id' | 'client_secret' | 'accounts_url' | 'api_domain' | 'organizations'> & {
    refresh_token: string;
  },
  organizationId: string = seed.organizations[0]?.organization_id ?? '',
): EmulatorClientOptions {
  if (!seed.organizations.some((o) => o.organization_id === organizationId)) {
    throw new RangeError(`organization ${organizationId} is not one of the seeded client's`);
  }
  return {
    auth: {
      clientId: seed.client_id,
      clientSecret: seed.client_secret,
      refreshToken: seed.refresh_token,
      accountsUrl: seed.accounts_url,
    },
    apiDomain: seed.api_domain,
    organizationId,
  };
}
