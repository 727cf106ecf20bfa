import { ConfigError, StoreError } from '../../core/errors.js';

/**
 * A file or directory zbooks will not use because someone else could read, redirect, jam or replace what it
 * holds: a symbolic link, a FIFO or device, a file too large to be ours, a directory another user owns or can
 * write. Callers turn it into the error of their layer (a StoreError for the token cache, so the call goes on
 * without the store; a ConfigError for the config directory), always naming the path.
 */
export class FileRefusedError extends Error {
  readonly path: string;
  /** What is wrong, completing "<path> …", e.g. "is a FIFO, not a regular file". */
  readonly problem: string;
  readonly hint: string;

  constructor(path: string, problem: string, hint: string) {
    super(`${path} ${problem}`);
    this.name = 'FileRefusedError';
    this.path = path;
    this.problem = problem;
    this.hint = hint;
  }

  toStoreError(what: string): StoreError {
    return new StoreError(`Refusing to use ${what}: ${this.path} ${this.problem}.`, this.hint, {
      code: 'store_unsafe_file',
    });
  }

  toConfigError(what: string): ConfigError {
    return new ConfigError(`Refusing to use ${what}: ${this.path} ${this.problem}.`, this.hint, {
      code: 'unsafe_file',
    });
  }
}

/** The uid files must belong to, or undefined where the platform has none (Windows). */
export function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}
