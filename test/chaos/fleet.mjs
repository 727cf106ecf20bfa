// The chaos run's worker processes: forked, asked things over IPC, killed on schedule, stopped, and judged. A
// worker that exits any other way than a scheduled SIGKILL or a clean exit after `stop` is a crash.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./worker.mjs', import.meta.url));
const KEEP_OUTPUT = 8_000;

export class ChaosFleet {
  /** Every worker ever started, replacements included: { name, child, killed, stopping, exit, output }. */
  workers = [];
  #config;
  #dir;
  #onLockHeld = undefined;

  constructor(config, dir) {
    this.#config = config;
    this.#dir = dir;
  }

  journalOf(name) {
    return join(this.#dir, `${name}.ndjson`);
  }

  /** Starts one more worker and resolves once it holds a token. */
  async spawn() {
    const name = `w${this.workers.length}`;
    const env = {
      ...process.env,
      CHAOS_WORKER: JSON.stringify({ ...this.#config, name, journal: this.journalOf(name) }),
    };
    const child = fork(WORKER, [], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const worker = { name, child, killed: false, stopping: false, exit: undefined, output: '' };
    this.workers.push(worker);
    const keep = (chunk) => {
      worker.output = (worker.output + chunk.toString()).slice(-KEEP_OUTPUT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    worker.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        worker.exit = { code, signal };
        resolve();
      }),
    );
    child.on('message', (message) => {
      if (message?.type === 'lock-held') this.#onLockHeld?.(worker);
    });
    await this.#answer(worker, 'ready', 30_000);
    return worker;
  }

  live() {
    return this.workers.filter((w) => w.exit === undefined && !w.killed && !w.stopping);
  }

  /** Sends a command to one worker and waits for its answer. */
  ask(worker, type, extra = {}, timeoutMs = 30_000) {
    const answer = this.#answer(worker, `${type}:done`, timeoutMs);
    worker.child.send({ type, ...extra });
    return answer;
  }

  /** The next worker to take the refresh lock is handed to `callback` (once); undefined disarms. */
  onNextLockHolder(callback) {
    this.#onLockHeld = callback
      ? (worker) => {
          this.#onLockHeld = undefined;
          callback(worker);
        }
      : undefined;
  }

  /** A scheduled kill: not a crash. */
  async kill(worker) {
    worker.killed = true;
    worker.child.kill('SIGKILL');
    await worker.exited;
  }

  /** Asks every live worker to finish its calls and exit; one that does not within the limit is a hang. */
  async stopAll(timeoutMs) {
    const live = this.live();
    for (const worker of live) worker.stopping = true;
    await Promise.all(
      live.map(async (worker) => {
        try {
          await this.ask(worker, 'stop', {}, timeoutMs);
          await worker.exited;
        } catch (error) {
          worker.hung = `did not stop within ${timeoutMs} ms (${error.message})`;
          worker.child.kill('SIGKILL');
          await worker.exited;
        }
      }),
    );
  }

  /** Workers that ended in any way other than a scheduled kill or a clean exit after stop. */
  crashes() {
    return this.workers
      .filter((w) => !w.killed && (w.hung || !w.stopping || w.exit?.code !== 0))
      .map((w) => ({
        name: w.name,
        exit: w.exit,
        hung: w.hung,
        output: w.output.trim().slice(-2_000),
      }));
  }

  /** Last resort (a failing run): nothing may outlive the driver. */
  async destroy() {
    for (const worker of this.workers) {
      if (worker.exit === undefined) worker.child.kill('SIGKILL');
    }
    await Promise.all(this.workers.map((w) => w.exited));
  }

  #answer(worker, type, timeoutMs) {
    const { child } = worker;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => done(reject, new Error(`${worker.name}: no ${type} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (message) => {
        if (message?.type !== type) return;
        if (message.error) done(reject, new Error(`${worker.name}: ${message.error}`));
        else done(resolve, message);
      };
      const onExit = () => done(reject, new Error(`${worker.name} exited before ${type}`));
      const done = (settle, value) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        settle(value);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }
}
