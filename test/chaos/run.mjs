// `npm run chaos`: node test/chaos/run.mjs --duration <seconds> [--workers n] [--keep-journals]
// Prints the summary table; exits 1 when anything was lost, duplicated or crashed, or a fault never happened.
import { parseArgs } from 'node:util';
import { runChaos } from './driver.mjs';
import { formatSummary } from './summary.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '240' },
    workers: { type: 'string', default: '4' },
    'keep-journals': { type: 'boolean', default: false },
  },
});

const durationMs = Number(values.duration) * 1000;
const workers = Number(values.workers);
if (!(durationMs >= 25_000 && durationMs <= 480_000) || !(workers >= 2 && workers <= 8)) {
  console.error('usage: run.mjs --duration <25..480 seconds> [--workers <2..8>] [--keep-journals]');
  process.exit(2);
}

const summary = await runChaos({
  durationMs,
  workers,
  keepJournals: values['keep-journals'],
  log: (line) => console.error(line),
});
console.log(formatSummary(summary));
process.exitCode = summary.verdict.ok ? 0 : 1;
