// Runs vitest and scans everything it printed for secret-shaped strings: a Zoho access or refresh token or
// grant code (1000.<hex>.<hex>) or a client secret (42 hex digits) in the output of the whole suite is a leak,
// whichever test let it through. Exits with vitest's code, or 1 when the scan finds something.
import { spawn } from 'node:child_process';

const SECRET_SHAPES = [/\b1000\.[0-9a-f]{32}\.[0-9a-f]{32}\b/g, /\b[0-9a-f]{42}\b/g];

const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], {
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
