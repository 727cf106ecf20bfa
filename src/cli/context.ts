import { TokenProvider } from '../auth/token-provider.js';
import { debugWanted, type Logger, stderrLogger } from '../core/logger.js';
import { SecretRegistry } from '../core/redact.js';
import type { ResolvedSettings } from './settings.js';
import { required, resolveSettings, type SettingKey } from './settings.js';
import { Stops } from './stops.js';
import { openCliTokenStore } from './token-store.js';
import { WaitNotices } from './wait-notices.js';

/**
 * Everything one CLI run knows: its settings; the secrets that must never be printed (the process's one
 * registry, handed to every token provider, accounts client and Books client the run builds, so that each
 * access token minted or read from the store is learnt and every message, log line and --debug trace is
 * redacted with all of them); the stop signal that every library call receives (owned by the entry point);
 * and where waits are told.
 */
export class RunContext {
  readonly secrets = new SecretRegistry();
  readonly env: NodeJS.ProcessEnv;
  readonly stops: Stops;
  /** Waits of more than 2 s, said on stderr (or in the progress bar): the library's onWait. */
  readonly waits = new WaitNotices((text) => process.stderr.write(text));
  debug = false;
  #logger: Logger | undefined;
  readonly #closers: (() => Promise<unknown>)[] = [];

  /** `stops`: the entry point's; a context made without one (in-process use) has its own, not listening. */
  constructor(env: NodeJS.ProcessEnv = process.env, stops: Stops = new Stops()) {
    this.env = env;
    this.stops = stops;
    for (const name of ['ZOHO_CLIENT_SECRET', 'ZOHO_REFRESH_TOKEN', 'ZOHO_GRANT_CODE', 'ZBOOKS_STORE_KEY'])
      this.addSecret(env[name]);
  }

  /** Warnings to stderr; debug lines with --debug or DEBUG=zbooks*; all redacted with this run's secrets. */
  get logger(): Logger {
    this.#logger ??= stderrLogger({
      debug: this.debug || debugWanted(this.env),
      secrets: () => this.secrets,
    });
    return this.#logger;
  }

  addSecret(value: string | undefined): void {
    this.secrets.add(value);
  }

  async settings(
    flags: Partial<Record<SettingKey | 'profile', string | undefined>> = {},
  ): Promise<ResolvedSettings> {
    const settings = await resolveSettings(flags, this.env);
    this.addSecret(settings.values.clientSecret);
    this.addSecret(settings.values.refreshToken);
    return settings;
  }

  /** Registers something to close when the run ends (a Books client, a store connection). */
  onClose(close: () => Promise<unknown>): void {
    this.#closers.push(close);
  }

  /** Closes what this run opened (Redis connections, file handles), whatever happened. */
  async close(): Promise<void> {
    await Promise.allSettled(this.#closers.splice(0).map((close) => close()));
  }

  /** A token provider for the configured credential, sharing tokens through the configured store. */
  async provider(settings: ResolvedSettings): Promise<TokenProvider> {
    const fix = '`zbooks auth login`';
    const provider = new TokenProvider({
      clientId: required(settings, 'clientId', `run ${fix}`),
      clientSecret: required(settings, 'clientSecret', `run ${fix}`),
      refreshToken: required(settings, 'refreshToken', `run ${fix}`),
      ...accountsOf(settings),
      // A shared store's token may only name an API host this configuration uses (flag, env or profile).
      ...(settings.values.apiDomain ? { apiDomain: settings.values.apiDomain } : {}),
      store: await openCliTokenStore(settings, { env: this.env, logger: this.logger }),
      logger: this.logger,
      onWait: this.waits.listener,
      secrets: this.secrets,
    });
    // Closed when the run ends, whatever happened: an open Redis connection would keep the process alive.
    this.onClose(async () => provider.store.close?.());
    return provider;
  }
}

/** The accounts server of the settings; a missing one is named as a configuration error. */
export function accountsOf(settings: ResolvedSettings): { dc?: string; accountsUrl?: string } {
  const { accountsUrl } = settings.values;
  if (accountsUrl) return { accountsUrl };
  return { dc: required(settings, 'dc', 'run `zbooks auth login`') };
}
