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

  constructor(options: { path: string; problem: string; hint: string }) {
    super(`${options.path} ${options.problem}`);
    this.name = 'FileRefusedError';
    this.path = options.path;
    this.problem = options.problem;
    this.hint = options.hint;
  }

  toStoreError(what: string): StoreError {
    return new StoreError(`Refusing to use ${what}: ${this.path} ${this.problem}.`, this.hint, {
      reason: 'store_unsafe_file',
    });
  }

  toConfigError(what: string): ConfigError {
    return new ConfigError(`Refusing to use ${what}: ${this.path} ${this.problem}.`, this.hint, {
      reason: 'unsafe_file',
    });
  }
}

/** The uid files must belong to, or undefined where the platform has none (Windows). */
export function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}
