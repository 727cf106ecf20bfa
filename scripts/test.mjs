// Runs vitest and scans everything it printed for secret-shaped strings: a Zoho access or refresh token or
// grant code (1000.<hex>.<hex>) or a client secret (42 hex digits) in the output of the whole suite is a leak,
// whichever test let it through. Exits with vitest's code, or 1 when the scan finds something.
//
// Arguments go to vitest (files, -t, …); a group name stands for its folders: `node scripts/test.mjs fleet`.
import { spawn } from 'node:child_process';

const SECRET_SHAPES = [/\b1000\.[0-9a-f]{32}\.[0-9a-f]{32}\b/g, /\b[0-9a-f]{42}\b/g];

/** The suite's groups, by folder (vitest takes each as a filter on test file paths). */
const GROUPS = {
  // The library, against the emulator over loopback: tokens, stores, HTTP, Books, generator, property tests,
  // secret hygiene, and the suite's own tool provisioning.
  unit: [
    'test/auth/',
    'test/stores/',
    'test/http/',
    'test/books/',
    'test/generate/',
    'test/fuzz/',
    'test/secrets/',
    'test/tools/',
  ],
  emulator: ['test/emulator/'],
  cli: ['test/cli/'],
  // Real processes sharing a store, and the load run.
  fleet: ['test/fleet/', 'test/load/'],
  chaos: ['test/chaos/'],
  // zbooks serve: real gateway processes, replicas sharing a Redis.
  serve: ['test/serve/'],
};

const args = process.argv.slice(2).flatMap((arg) => GROUPS[arg] ?? [arg]);
const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args], {
  stdio: ['inherit', 'pipe', 'pipe'],
});
let output = '';
for (const [from, to] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
]) {
  from.on('data', (chunk) => {
    output += chunk;
    to.write(chunk);
  });
}
const code = await new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
const leaks = SECRET_SHAPES.flatMap((shape) => output.match(shape) ?? []);
if (leaks.length > 0) {
  process.stderr.write(
    `secret scan: ${leaks.length} secret-shaped strings in the test output (e.g. …${leaks[0].slice(-6)})\n`,
  );
  process.exit(code || 1);
}
process.stdout.write(
  `secret scan: the test output (${output.length} characters) holds no secret-shaped string\n`,
);
process.exit(code);
