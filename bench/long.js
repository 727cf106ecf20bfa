// The long-run benchmark (`npm run bench -- long`, 10 minutes by default; not part of the default run): the
// load benchmark's client process and emulator for a long time, reporting the throughput of each minute, so a
// cost that grows with the run's length (a log trimmed with Array.shift(), a sliding window that keeps every
// start) shows as a slower last minute. Samples (each a full GC in the client) are taken once every 15 s,
// so the sampling does not itself disturb the rate.
import { parseArgs } from 'node:util';
import { runLoad } from '../test/load/load-driver.mjs';

export const description = 'load for 10 minutes (--minutes): each minute’s rate, last vs first (within 5 %)';

export async function run(args, { print = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const { values } = parseArgs({
    args,
    options: {
      minutes: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '16' },
    },
  });
  const minutes = Number(values.minutes);
  const concurrency = Number(values.concurrency);
  print(
    `long: 1 client process × ${concurrency} callers for ${minutes} min against the emulator, limits off`,
  );
  const r = await runLoad({ seconds: minutes * 60, concurrency, sampleMs: 15_000, warmupMs: 3_000 });
  const perMinute = ratesPerMinute(r.samples);
  for (const [i, rate] of perMinute.entries())
    print(`   minute ${String(i + 1).padStart(2)}: ${rate.toFixed(0)} requests/s`);
  const first = perMinute[0];
  const last = perMinute[perMinute.length - 1];
  const ratio = last / first;
  print(`   last / first minute: ${ratio.toFixed(3)} (must stay ≥ 0.95); ${r.failed} failed calls`);
  return {
    name: 'long',
    minutes,
    perMinute,
    ratio,
    min: Math.min(...perMinute),
    max: Math.max(...perMinute),
    failed: r.failed,
  };
}

/** Requests per second in each whole minute, from the cumulative call counts of the samples. */
function ratesPerMinute(samples) {
  const rates = [];
  const at = (ms) => {
    // The sample nearest to `ms` (samples are every 15 s).
    let best = samples[0];
    for (const s of samples) if (Math.abs(s.ms - ms) < Math.abs(best.ms - ms)) best = s;
    return best;
  };
  const end = samples[samples.length - 1].ms;
  for (let start = 0; start + 60_000 <= end + 1; start += 60_000) {
    const a = at(start);
    const b = at(start + 60_000);
    if (b.ms > a.ms) rates.push((b.calls - a.calls) / ((b.ms - a.ms) / 1000));
  }
  return rates;
}
