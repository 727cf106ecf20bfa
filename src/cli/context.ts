import { TokenProvider } from '../auth/token-provider.js';
import { debugWanted, type Logger, stderrLogger } from '../core/logger.js';
import { SecretRegistry } from '../core/redact.js';
import type { ResolvedSettings } from './settings.js';
import { required, resolveSettings, type SettingKey } from './settings.js';
import { openCliTokenStore } from './token-store.js';

/**
 * Everything one CLI run knows: its settings, and the secrets that must never be printed. Its secret
 * registry is the process's one: handed to every token provider, accounts client and Books client the run
 * builds, so that each access token minted or read from the store is learnt, and every message, log line
 * and --debug trace is redacted with all of them.
 */
export class RunContext {
  readonly secrets = new SecretRegistry();
  readonly env: NodeJS.ProcessEnv;
  debug = false;
  #logger: Logger | undefined;
  readonly #closers: (() => Promise<unknown>)[] = [];

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.env = env;
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
      store: await openCliTokenStore(settings, { env: this.env, logger: this.logger }),
      logger: this.logger,
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
