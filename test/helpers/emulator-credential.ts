import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/emulator/index.js';

/** What a configured zbooks user holds, pointed at the emulator. */
export interface Credential {
  accountsUrl: string;
  apiDomain: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface SeededEmulator {
  emu: Emulator;
  credential: Credential;
  /** Token endpoint requests since the credential was set up (the grant exchange itself is not counted). */
  tokenRequests(): number;
  close(): Promise<void>;
}

/**
 * An emulator with Zoho's real limits (10 mints per 10 minutes, 15 active tokens) and a Self Client whose
 * grant code is already exchanged, as after `zbooks auth login`.
 */
export async function seededEmulator(options: EmulatorOptions = {}): Promise<SeededEmulator> {
  const emu = await startEmulator({ port: 0, ...options });
  const seed = emu.seedLoggedIn();
  const baseline = emu.stats().token_requests;
  return {
    emu,
    credential: {
      accountsUrl: seed.accounts_url,
      apiDomain: seed.api_domain,
      clientId: seed.client_id,
      clientSecret: seed.client_secret,
      refreshToken: seed.refresh_token,
    },
    tokenRequests: () => emu.stats().token_requests - baseline,
    close: () => emu.close(),
  };
}
