import { createServer } from 'node:net';
import type { Clock } from '../../src/core/clock.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/emulator/index.js';

/** The client's clock follows the emulator's, so advancing it crosses hour-long expiries at once. */
export function clockOf(emulator: Emulator): Clock {
  return { now: () => emulator.now(), sleep: async () => {} };
}

/** An emulator on a free loopback port; call the returned close in teardown. */
export async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ port: 0, ...options });
}

/** A fetch that records what went over the wire (for "no secret in the URL" checks). */
export function recordingFetch() {
  const requests: { url: string; body: string; headers: Record<string, string> }[] = [];
  const fetchImpl = async (input: string, init: RequestInit) => {
    requests.push({
      url: input,
      body: typeof init.body === 'string' ? init.body : '',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
    });
    return fetch(input, init);
  };
  return { requests, fetch: fetchImpl };
}

/** A loopback port nothing listens on (for "server unreachable" cases). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
