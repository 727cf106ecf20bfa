import { TokenProvider } from '../../src/auth/token-provider.js';
import { BooksClient } from '../../src/books/client.js';
import type { Operation } from '../../src/books/operation-shape.js';
import type { ZohoBooksOptions } from '../../src/books/options.js';
import type { Clock } from '../../src/core/clock.js';
import {
  type Emulator,
  type EmulatorOptions,
  type SeedResult,
  startEmulator,
} from '../../src/emulator/index.js';

/**
 * Virtual time shared by client and emulator: a sleep advances the emulator's clock instead of waiting, so
 * a 60-second Retry-After costs nothing. Every sleep is recorded.
 */
export function emulatorClock(emu: Emulator, realTime = false): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => emu.now(),
    sleep: async (ms) => {
      sleeps.push(ms);
      // Concurrent virtual sleeps add up, which is fine for waits but blurs when requests really started:
      // tests of the window use real (short) time instead.
      if (realTime) return new Promise((resolve) => setTimeout(resolve, ms));
      if (ms > 0) emu.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export interface WorldOptions<T extends readonly Operation[]> {
  emulator?: EmulatorOptions;
  scope?: string;
  organizations?: { name: string }[];
  books?: Partial<ZohoBooksOptions>;
  operations?: T;
  /** Sleeps really wait (for rate-limit windows of a few hundred ms). */
  realTime?: boolean;
}

/** What went over the wire to Books, in order. */
export interface Sent {
  method: string;
  url: string;
  token: string | undefined;
  at: number;
}

export interface World<T extends readonly Operation[]> {
  emu: Emulator;
  seed: SeedResult;
  refreshToken: string;
  clock: Clock & { sleeps: number[] };
  provider: TokenProvider;
  books: BooksClient<T, unknown>;
  /** Every Books request the clients of this world sent (attempts, not calls). */
  sent: Sent[];
  /** Another client on the same credential and emulator (its own provider unless one is given). */
  client(options?: Partial<ZohoBooksOptions>): BooksClient<T, unknown>;
  /** Secrets that must appear in no error. */
  secrets(): string[];
  close(): Promise<void>;
}

/** An emulator, a Self Client whose code is exchanged (as after `zbooks auth login`), and a client on it. */
export async function world<T extends readonly Operation[] = []>(
  options: WorldOptions<T> = {},
): Promise<World<T>> {
  const emu = await startEmulator({ port: 0, ...options.emulator });
  const seed = emu.seed({
    scope: options.scope ?? 'ZohoBooks.fullaccess.all',
    ...(options.organizations ? { organizations: options.organizations } : {}),
  });
  const refreshToken = await exchange(seed);
  const clock = emulatorClock(emu, options.realTime);
  const newProvider = () =>
    new TokenProvider({
      clientId: seed.client_id,
      clientSecret: seed.client_secret,
      refreshToken,
      accountsUrl: seed.accounts_url,
      clock,
    });
  const provider = newProvider();
  const operations = (options.operations ?? []) as unknown as T;
  const sent: Sent[] = [];
  const recording: ZohoBooksOptions['fetch'] = (input, init) => {
    const header = new Headers(init.headers).get('authorization') ?? undefined;
    sent.push({ method: init.method ?? 'GET', url: input, token: header?.split(' ')[1], at: emu.now() });
    return fetch(input, init);
  };
  const client = (extra: Partial<ZohoBooksOptions> = {}) =>
    new BooksClient<T, unknown>(
      {
        auth: provider,
        clock,
        random: () => 0.5,
        fetch: recording,
        ...options.books,
        ...extra,
      },
      operations,
    );
  const books = client();
  return {
    emu,
    seed,
    refreshToken,
    clock,
    provider,
    books,
    sent,
    client,
    secrets: () => [
      seed.client_secret,
      refreshToken,
      ...new Set(sent.map((s) => s.token).filter((t): t is string => t !== undefined)),
    ],
    close: async () => {
      await books.close();
      await emu.close();
    },
  };
}

export async function exchange(seed: SeedResult): Promise<string> {
  const response = await fetch(`${seed.accounts_url}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: seed.client_id,
      client_secret: seed.client_secret,
      code: seed.code,
    }),
  });
  const body = (await response.json()) as { refresh_token?: string };
  if (!body.refresh_token) throw new Error('the emulator did not exchange the grant code');
  return body.refresh_token;
}

/** Mints `n` access tokens from the refresh token behind the client's back (another process, say). */
export async function mintElsewhere(world: { seed: SeedResult; refreshToken: string }, n: number) {
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${world.seed.accounts_url}/oauth/v2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: world.seed.client_id,
        client_secret: world.seed.client_secret,
        refresh_token: world.refreshToken,
      }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`mint ${i + 1} failed: ${JSON.stringify(body)}`);
    tokens.push(body.access_token);
  }
  return tokens;
}

/** All the text of an error a person or a log could see: message, hint, stack and causes. */
export function textOfError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(current.message, String((current as { hint?: string }).hint ?? ''), current.stack ?? '');
      parts.push(JSON.stringify(current));
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join('\n');
}
