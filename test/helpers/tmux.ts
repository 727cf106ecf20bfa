import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tool } from './tools.js';

const run = promisify(execFile);

/**
 * A real pseudo-terminal, driven the way a person would: tmux runs the command, send-keys types, and
 * capture-pane reads the screen. Each session has its own tmux server socket, killed in `close()`. Tests that
 * use it declare `describeWith('tmux')` or `itWith('tmux')` (./tools.ts), so they skip where tmux is missing.
 */
export class TmuxSession {
  readonly #binary: string;
  readonly #socket = `zbooks-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  /** `tmux`: the binary to run, when not the one TMUX_BIN, PATH or the private cache gives. */
  constructor(options: { tmux?: string } = {}) {
    this.#binary = options.tmux ?? tool('tmux');
  }

  async start(command: string, env: Record<string, string>): Promise<void> {
    const exports = Object.entries(env)
      .map(([k, v]) => `${k}='${v.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    // Keep the pane open after the command ends so its last screen and exit code can be read.
    await this.#tmux(
      'new-session',
      '-d',
      '-x',
      '120',
      '-y',
      '50',
      `env ${exports} ${command}; echo "EXIT=$?"; sleep 600`,
    );
  }

  /** Types text (literally) and optionally presses keys after it, e.g. 'Enter'. */
  async type(text: string, ...keys: string[]): Promise<void> {
    if (text) await this.#tmux('send-keys', '-l', text);
    if (keys.length > 0) await this.#tmux('send-keys', ...keys);
  }

  async press(...keys: string[]): Promise<void> {
    await this.#tmux('send-keys', ...keys);
  }

  async screen(): Promise<string> {
    return (await this.#tmux('capture-pane', '-p', '-J', '-S', '-200')).stdout;
  }

  /** Waits until the screen matches, and returns it. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = await this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`screen never matched ${pattern}:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(): Promise<void> {
    await this.#tmux('kill-server').catch(() => undefined);
  }

  #tmux(...args: string[]) {
    return run(this.#binary, ['-L', this.#socket, '-f', '/dev/null', ...args]);
  }
}
