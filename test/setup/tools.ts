// vitest global setup: finds or obtains every tool the suite runs beside Node, once per run and before any test
// file is collected, so that the test files find them with a cheap synchronous look-up (test/helpers/tools.ts).
// A tool that can be neither found nor obtained is not an error here: its tests are skipped, and the
// missing-tools reporter closes the run with one line for it (and fails the run under CI).
import { ensureTools } from '../fixtures/tools.mjs';

export default async function setup(): Promise<void> {
  const { missing } = await ensureTools(undefined, { log: (line) => process.stderr.write(line) });
  for (const reason of Object.values(missing)) process.stderr.write(`tools: ${reason}\n`);
}
