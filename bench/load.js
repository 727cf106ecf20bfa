// The load benchmark: a ZohoBooks client in its own process and the emulator in this one, on loopback, every
// limit off, N callers as fast as they go for a fixed time (reads, list pages, create+delete pairs). Reports the
// rate, errors, the TCP connections the emulator accepted (keep-alive), and the client's memory after a full GC
// over the run. test/load/load.test.ts runs the same thing for 7 s and asserts on it; this is the long run.
import { parseArgs } from 'node:util';
import { runLoad } from '../test/load/load-driver.mjs';

export const description =
  'client process vs emulator, limits off, 16 callers for 25 s: errors, rate, TCP connections, memory';

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(2);

export async function run(args, { print = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const { values } = parseArgs({
    args,
    options: {
      seconds: { type: 'string', default: '25' },
      concurrency: { type: 'string', default: '16' },
      'sample-ms': { type: 'string', default: '500' },
      'warmup-ms': { type: 'string', default: '3000' },
    },
  });
  const seconds = Number(values.seconds);
  const concurrency = Number(values.concurrency);
  print(`load: 1 client process × ${concurrency} callers for ${seconds} s against the emulator, limits off`);
  const r = await runLoad({
    seconds,
    concurrency,
    sampleMs: Number(values['sample-ms']),
    warmupMs: Number(values['warmup-ms']),
  });
  const m = r.memory;
  const ops = Object.entries(r.byOperation)
    .map(([name, n]) => `${n} ${name}`)
    .join(', ');
  print(`   calls (one request each):  ${r.calls} in ${(r.ms / 1000).toFixed(1)} s (${ops})`);
  print(`   rate:                      ${r.requestsPerSecond.toFixed(0)} requests/s`);
  print(`   failed calls:              ${r.failed}${r.failed ? ` ${JSON.stringify(r.errors)}` : ''}`);
  print(
    `   seen by the emulator:      ${r.emulator.booksRequests} Books requests, ${r.emulator.tokenRequests} token request(s), ` +
      `${r.emulator.throttled} throttled, ${r.emulator.recordsLeft} invoices left over`,
  );
  print(
    `   TCP connections accepted:  ${r.emulator.connections} (${(r.calls / r.emulator.connections).toFixed(0)} requests per connection)`,
  );
  print(
    `   client memory after GC, from ${(m.fromMs / 1000).toFixed(0)} s on (${m.samples} samples, ${m.calls} calls):`,
  );
  print(
    `     heap      ${mb(m.heap.first)} → ${mb(m.heap.last)} MB (peak ${mb(m.heap.peak)}, after the run ${mb(m.heap.final)}), ` +
      `slope ${m.heapBytesPerCall.toFixed(1)} bytes/call`,
  );
  print(`     external  ${mb(m.external.first)} → ${mb(m.external.last)} MB (peak ${mb(m.external.peak)})`);
  print(`     RSS       ${mb(m.rss.first)} → ${mb(m.rss.last)} MB (peak ${mb(m.rss.peak)})`);
  const { samples, connectionsOverTime, ...figures } = r;
  return {
    name: 'load',
    ...figures,
    requestsPerConnection: r.calls / r.emulator.connections,
    connectionsAfterWarmup: connectionsAt(connectionsOverTime, m.fromMs),
  };
}

/** The emulator's connection count at a moment of the run (how many were opened during the warm-up). */
function connectionsAt(series, ms) {
  let count = 0;
  for (const point of series) if (point.ms <= ms) count = point.connections;
  return count;
}
