import { execFile } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tempDir } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { itWith, tool } from '../helpers/tools.js';

const run = promisify(execFile);
let bin: Awaited<ReturnType<typeof tempDir>>;
let env: Record<string, string>;

beforeAll(async () => {
  // `zbooks` on PATH, as an installed package would be.
  bin = await tempDir('zbooks-bin-');
  const shim = join(bin.path, 'zbooks');
  await writeFile(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  await chmod(shim, 0o755);
  env = { PATH: `${bin.path}:${process.env.PATH}`, HOME: bin.path };
});
afterAll(() => bin.remove());

describe('shell completion', () => {
  it('bash completes commands, subcommands and options', async () => {
    const script = [
      'eval "$(zbooks completion bash)"',
      'COMP_WORDS=(zbooks au); COMP_CWORD=1; _zbooks_complete; echo "1:${COMPREPLY[*]}"',
      'COMP_WORDS=(zbooks auth lo); COMP_CWORD=2; _zbooks_complete; echo "2:${COMPREPLY[*]}"',
      'COMP_WORDS=(zbooks auth login --client); COMP_CWORD=3; _zbooks_complete; echo "3:${COMPREPLY[*]}"',
    ].join('\n');
    const { stdout } = await run('bash', ['-c', script], { env });
    expect(stdout).toContain('1:auth');
    expect(stdout).toContain('2:login logout');
    expect(stdout).toContain('3:--client-id --client-secret-stdin');
  });

  itWith('fish')('fish completes through the same words', async () => {
    const { stdout } = await run(
      tool('fish'),
      ['-c', 'zbooks completion fish | source; complete -C "zbooks auth lo"'],
      { env },
    );
    expect(stdout.split('\n').filter(Boolean)).toEqual(['login', 'logout']);
  });

  itWith('zsh', 'tmux')('zsh completes on Tab in a real terminal', async () => {
    const tty = new TmuxSession();
    try {
      await tty.start(`'${tool('zsh')}' -f`, env);
      await tty.type(
        'autoload -U compinit && compinit -u && eval "$(zbooks completion zsh)" && echo READY',
        'Enter',
      );
      await tty.waitFor(/^READY$/m);
      await tty.type('zbooks auth tok');
      await tty.press('Tab');
      await tty.waitFor(/zbooks auth token/);
    } finally {
      await tty.close();
    }
  });

  it('refuses an unknown shell with exit 2', async () => {
    const failure = await run(process.execPath, [CLI, 'completion', 'tcsh'], { env }).catch((e) => e);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toMatch(/bash, zsh or fish/);
  });
});
