import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { type FileHandle, open, stat, truncate } from 'node:fs/promises';
import { ConfigError } from '../../core/errors.js';
import { statePathOf } from './state.js';

/**
 * Where the records go. `write` waits out backpressure ('drain'), so a slow disk or a slow reader on the pipe
 * holds the export back instead of letting its output pile up in memory.
 */
export interface Sink {
  /** Bytes in the output: what it held when the export (re)started plus what this run wrote. */
  readonly bytes: number;
  write(text: string): Promise<void>;
  /** Everything written so far is in the file, on disk: the point a saved state may describe. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

class StreamSink implements Sink {
  readonly #stream: NodeJS.WritableStream;
  /** Forces the file's data to disk; undefined for stdout, which is neither ours to sync nor to end. */
  readonly #datasync: (() => Promise<void>) | undefined;
  #bytes: number;
  #closed = false;
  /** A failure between writes (no one waiting on the stream then) is kept and thrown by the next call. */
  #error: Error | undefined;

  constructor(stream: NodeJS.WritableStream, startBytes: number, datasync?: () => Promise<void>) {
    this.#stream = stream;
    this.#bytes = startBytes;
    this.#datasync = datasync;
    stream.on('error', (error: Error) => {
      this.#error ??= error;
    });
  }

  get bytes(): number {
    return this.#bytes;
  }

  async write(text: string): Promise<void> {
    if (this.#error) throw this.#error;
    this.#bytes += Buffer.byteLength(text);
    // once() rejects if the stream fails while we wait, so a full disk or a closed pipe surfaces here.
    if (!this.#stream.write(text)) await once(this.#stream, 'drain');
  }

  async sync(): Promise<void> {
    if (this.#error) throw this.#error;
    // Writes complete in order: the callback of an empty write comes once all earlier ones are done.
    await new Promise<void>((resolve, reject) =>
      this.#stream.write('', (error?: Error | null) => (error ? reject(error) : resolve())),
    );
    await this.#datasync?.();
  }

  /** Flushes, and ends a file; stdout stays open (something else may print after the export). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.sync();
    if (this.#datasync) await new Promise<void>((resolve) => (this.#stream as WriteStream).end(resolve));
  }
}

/** Standard output: never closed (other output may follow), never synced (it is not ours). */
export const streamSink = (stdout: NodeJS.WritableStream): Sink => new StreamSink(stdout, 0);

/**
 * The output file: created (or emptied) for a new export; for a resumed one cut back to `resumeAt`, the length
 * after the last complete page, which drops a page torn by the interruption, then appended to.
 */
export async function openFileSink(path: string, resumeAt?: number): Promise<Sink> {
  if (resumeAt !== undefined) {
    const size = await sizeOf(path);
    if (size === undefined || size < resumeAt) {
      throw new ConfigError(
        `${path} is ${size === undefined ? 'missing' : 'shorter than the interrupted export left it'}, so it cannot be continued.`,
        `Delete ${path} and ${statePathOf(path)}, and run the export again without --resume.`,
      );
    }
    await truncate(path, resumeAt);
  }
  let handle: FileHandle;
  try {
    handle = await open(path, resumeAt === undefined ? 'w' : 'a');
  } catch (error) {
    throw new ConfigError(
      `Cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      'Check that its directory exists and is writable, or choose another --out.',
    );
  }
  // The stream owns the handle from here: ending the stream closes it.
  return new StreamSink(handle.createWriteStream(), resumeAt ?? 0, () => handle.datasync());
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
