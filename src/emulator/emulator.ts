import { createClient, generateCode, seed, seedLoggedIn } from './accounts/clients.js';
import { createApp } from './app.js';
import { buildRules } from './books/body-check.js';
import { seedLedger } from './books/ledger-seed.js';
import { sampleRequest } from './books/sample.js';
import { listRecords, seedRecords } from './books/seed.js';
import { BooksState } from './books/state.js';
import { buildSurface } from './books/surface-index.js';
import { clientOptionsFor } from './client-options.js';
import { Clock } from './clock.js';
import { applyConfigPatch, defaultConfig, type EmulatorConfig } from './config.js';
import { validateDcList } from './dcs.js';
import type { EmulatorCore } from './emulator-core.js';
import { FaultQueue, parseFault } from './faults.js';
import { closeListener, type Listener, listen } from './server.js';
import { EmulatorState } from './state.js';
import { StatsCounters, snapshotStats } from './stats.js';
import type {
  ConfigPatch,
  CreateClientOptions,
  CreatedClient,
  Emulator,
  EmulatorClientOptions,
  EmulatorDc,
  EmulatorOptions,
  EmulatorStats,
  Fault,
  GenerateCodeOptions,
  GeneratedCode,
  LedgerCounts,
  LedgerSpec,
  SampleRequest,
  SeedOptions,
  SeedResult,
} from './types.js';

class RunningEmulator implements Emulator {
  readonly dcs: Record<string, EmulatorDc>;
  readonly accountsUrl: string;
  readonly apiDomain: string;
  #closing: Promise<void> | undefined;

  readonly #core: EmulatorCore;
  readonly #listeners: Listener[];

  constructor(options: { core: EmulatorCore; listeners: Listener[] }) {
    const { core, listeners } = options;
    this.#core = core;
    this.#listeners = listeners;
    this.dcs = core.dcs;
    const first = core.dcs[listeners[0]!.dc]!;
    this.accountsUrl = first.accountsUrl;
    this.apiDomain = first.apiDomain;
  }

  now(): number {
    return this.#core.clock.now();
  }

  advance(ms: number): void {
    this.#core.clock.advance(ms);
  }

  configure(patch: ConfigPatch): void {
    applyConfigPatch(this.#core.config, patch);
  }

  seed(opts?: SeedOptions): SeedResult {
    return seed(this.#core, opts);
  }

  seedLoggedIn(opts?: SeedOptions): SeedResult & { refresh_token: string } {
    return seedLoggedIn(this.#core, opts);
  }

  createClient(opts?: CreateClientOptions): CreatedClient {
    return createClient(this.#core, opts);
  }

  generateCode(clientId: string, opts?: GenerateCodeOptions): GeneratedCode {
    return generateCode(this.#core, clientId, opts);
  }

  injectFault(f: Fault): void {
    this.#core.faults.inject(parseFault(f));
  }

  clearFaults(): void {
    this.#core.faults.clear();
  }

  stats(): EmulatorStats {
    return snapshotStats(this.#core.stats, this.#core.state, this.#core.config, this.#core.clock.now());
  }

  records(organizationId: string, collection: string): Record<string, unknown>[] {
    return listRecords(this.#core, organizationId, collection);
  }

  seedLedger(organizationId: string, spec?: LedgerSpec): LedgerCounts {
    return seedLedger(this.#core, organizationId, spec);
  }

  clientOptions(opts?: SeedOptions): EmulatorClientOptions {
    return clientOptionsFor(seedLoggedIn(this.#core, opts));
  }

  seedRecords(organizationId: string, collection: string, count: number): string[] {
    return seedRecords(this.#core, organizationId, collection, count);
  }

  sampleRequest(organizationId: string, operationId: string): SampleRequest {
    return sampleRequest(this.#core, organizationId, operationId);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      for (const timer of this.#core.timers) clearTimeout(timer);
      this.#core.timers.clear();
      await Promise.all(this.#listeners.map(closeListener));
    })();
    return this.#closing;
  }
}

function buildConfig(opts: EmulatorOptions): EmulatorConfig {
  const config: EmulatorConfig = defaultConfig();
  applyConfigPatch(config, {
    ...opts.limits,
    tokenTtlSeconds: opts.tokenTtlSeconds,
    expiryShape: opts.expiryShape,
    books: opts.books,
    codes: opts.codes,
  });
  return config;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const dcIds = validateDcList(opts.dcs ?? ['us']);
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port + dcIds.length - 1 > 65535) {
    throw new RangeError(`port must be an integer from 0 to ${65536 - dcIds.length}`);
  }
  const dcs: Record<string, EmulatorDc> = {};
  const surface = buildSurface();
  const core: EmulatorCore = {
    clock: new Clock(opts.startTime),
    config: buildConfig(opts),
    state: new EmulatorState(),
    stats: new StatsCounters(),
    faults: new FaultQueue(),
    dcs,
    timers: new Set(),
    books: new BooksState(),
    surface,
    rules: buildRules(surface),
  };
  const app = createApp(core);
  const listeners: Listener[] = [];
  try {
    for (const [i, dc] of dcIds.entries()) {
      const listener = await listen(dc, host, port === 0 ? 0 : port + i, app, () => {
        core.stats.connections++;
      });
      listeners.push(listener);
      dcs[dc] = { dc, accountsUrl: listener.url, apiDomain: listener.url };
    }
  } catch (err) {
    await Promise.all(listeners.map(closeListener));
    throw err;
  }
  return new RunningEmulator({ core, listeners });
}
