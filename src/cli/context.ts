import { TokenProvider } from '../auth/token-provider.js';
import { type Clock, systemClock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import { debugWanted, type Logger, stderrLogger } from '../core/logger.js';
import { SecretRegistry } from '../core/redact.js';
import { readProfiles } from './profile-file.js';
import type { ResolvedSettings } from './settings.js';
import { required, resolveSettings, type SettingKey } from './settings.js';
import { Stops } from './stops.js';
import { didYouMean } from './suggest.js';
import { openCliTokenStore } from './token-store.js';
import { WaitNotices } from './wait-notices.js';

/** An output stream as commands see it: a terminal has isTTY and columns. */
export type CliOutput = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** The three standard streams of a run: the process's, or captured strings in a test. */
export interface CliIO {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export interface RunContextOptions {
  /** Default: the process's streams. */
  io?: CliIO;
  /** Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** The entry point's; a context made without one (in-process use) has its own, not listening. */
  stops?: Stops;
  /** Default: the system clock. */
  clock?: Clock;
}

/**
 * Everything one CLI run knows, and the only way its commands reach the outside: the streams, the environment
 * and the clock (the process's by default, fakes in tests); its settings; the secrets that must never be
 * printed (the run's one registry, handed to every token provider, accounts client and Books client the run
 * builds, so that each access token minted or read from the store is learnt and every message, log line and
 * --debug trace is redacted with all of them); the stop signal that every library call receives (owned by the
 * entry point); and where waits are told.
 */
export class RunContext {
  readonly secrets = new SecretRegistry();
  readonly io: CliIO;
  readonly env: NodeJS.ProcessEnv;
  readonly stops: Stops;
  readonly clock: Clock;
  /** Waits of more than 2 s, said on stderr (or in the progress bar): the library's onWait. */
  readonly waits: WaitNotices;
  debug = false;
  #logger: Logger | undefined;
  readonly #closers: (() => Promise<unknown>)[] = [];

  constructor(given: RunContextOptions = {}) {
    this.io = given.io ?? { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
    this.env = given.env ?? process.env;
    this.stops = given.stops ?? new Stops({ stderr: this.io.stderr });
    this.clock = given.clock ?? systemClock;
    this.waits = new WaitNotices(
      (text) => this.io.stderr.write(text),
      () => this.clock.now(),
    );
    for (const name of ['ZOHO_CLIENT_SECRET', 'ZOHO_REFRESH_TOKEN', 'ZOHO_GRANT_CODE', 'ZBOOKS_STORE_KEY'])
      this.addSecret(this.env[name]);
  }

  /** Prompts need a person: both stdin and stderr (where prompts are written) must be terminals. */
  get interactive(): boolean {
    return Boolean(this.io.stdin.isTTY && this.io.stderr.isTTY);
  }

  /** Writes to stdout. */
  out(text: string): void {
    this.io.stdout.write(text);
  }

  /** Writes to stderr (what a person reads: progress, confirmations, warnings). */
  err(text: string): void {
    this.io.stderr.write(text);
  }

  /** Warnings to stderr; debug lines with --debug or DEBUG=zbooks*; all redacted with this run's secrets. */
  get logger(): Logger {
    this.#logger ??= stderrLogger({
      debug: this.debug || debugWanted(this.env),
      secrets: () => this.secrets,
      write: (line) => this.io.stderr.write(line),
    });
    return this.#logger;
  }

  addSecret(value: string | undefined): void {
    this.secrets.add(value);
  }

  /**
   * The settings in force. A profile named with --profile must exist (a typo would otherwise run with nothing,
   * or with the environment's credentials), except where the command creates or removes one (`missingProfile`).
   */
  async settings(
    flags: Partial<Record<SettingKey | 'profile', string | undefined>> = {},
    options: { missingProfile?: 'allowed' } = {},
  ): Promise<ResolvedSettings> {
    const settings = await resolveSettings(flags, this.env);
    if (flags.profile !== undefined && !settings.profile && options.missingProfile !== 'allowed')
      await refuseUnknownProfile(settings);
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

async function refuseUnknownProfile(settings: ResolvedSettings): Promise<never> {
  const names = Object.keys((await readProfiles(settings.configDir)).profiles);
  throw new ConfigError(
    `There is no profile "${settings.profileName}".${didYouMean(settings.profileName, names)}`,
    names.length > 0
      ? `Profiles in ${settings.configDir}: ${names.join(', ')}.`
      : `There are no profiles yet in ${settings.configDir}: create one with \`zbooks auth login --profile ${settings.profileName}\`.`,
  );
}

/** The accounts server of the settings; a missing one is named as a configuration error. */
function accountsOf(settings: ResolvedSettings): { dc?: string; accountsUrl?: string } {
  const { accountsUrl } = settings.values;
  if (accountsUrl) return { accountsUrl };
  return { dc: required(settings, 'dc', 'run `zbooks auth login`') };
}
