// Runs many zbooks command lines in one process (as a person's shell would run them one by one), capturing
// what each printed and its exit code, and reports them as JSON on the real stdout. Used by cli.fuzz.test.ts.
import { readFileSync } from 'node:fs';
import { runProgram } from '../../dist/bin/program.mjs';

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const realWrite = {
  out: process.stdout.write.bind(process.stdout),
  err: process.stderr.write.bind(process.stderr),
};
const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(String(reason)));

const results = [];
for (const { args, env } of cases) {
  let stdout = '';
  let stderr = '';
  process.stdout.write = (chunk, ...rest) => {
    stdout += chunk;
    const done = rest.find((r) => typeof r === 'function');
    if (done) done();
    return true;
  };
  process.stderr.write = (chunk, ...rest) => {
    stderr += chunk;
    const done = rest.find((r) => typeof r === 'function');
    if (done) done();
    return true;
  };
  process.exitCode = undefined;
  let threw;
  let hung;
  let code;
  try {
    // A command line that never finishes is a failure too; say which, instead of hanging the whole run.
    const limit = new Promise((resolve) => setTimeout(() => resolve('hung'), 15_000).unref());
    const outcome = await Promise.race([runProgram(['node', 'zbooks', ...args], { env }), limit]);
    hung = outcome === 'hung' || undefined;
    if (typeof outcome === 'number') code = outcome;
  } catch (error) {
    threw = String(error?.stack ?? error);
  }
  process.stdout.write = realWrite.out;
  process.stderr.write = realWrite.err;
  results.push({
    args,
    code: code ?? process.exitCode ?? 0,
    stdout: stdout.slice(0, 4000),
    stderr: stderr.slice(0, 4000),
    threw,
    hung,
  });
  if (hung) break;
}
process.exitCode = 0;
realWrite.out(`${JSON.stringify({ results, unhandled })}\n`);
