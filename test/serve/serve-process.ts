import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI } from '../helpers/cli.js';

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Everything it wrote on stderr so far (the JSON log and notices). */
  stderr(): string;
  stdout(): string;
  /** SIGTERM, then its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A real `zbooks serve` process on a free port; resolves once it says where it listens. */
export async function startServe(args: string[], env: Record<string, string>): Promise<ServeProcess> {
  if (!existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` first');
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      stdout += d;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`zbooks serve exited (${code}): ${stderr}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
