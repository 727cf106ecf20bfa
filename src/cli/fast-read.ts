import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

// Synchronous reads for the `auth token` fast path (token-fast-path.ts), which loads nothing but node:fs. They
// accept only what the full path would read without a word (safe-read.ts, private-dir.ts) and answer
// undefined for everything else: the caller then runs the full CLI, which refuses, warns or repairs as usual.

/** The private-file reader's cap (safe-read.ts): nothing zbooks writes comes near it. */
const MAX_BYTES = 1024 * 1024;
/** As safe-read.ts: a planted symlink fails the open, a FIFO does not block it. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** A directory of this user that no one else can even read (so nothing in it would be tightened first). */
export function isClosedOwnDir(dir: string, uid: number): boolean {
  try {
    const info = statSync(dir);
    return info.isDirectory() && info.uid === uid && (info.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/**
 * The text of a regular file of this user, at most 1 MiB, opened without following a symlink; `null` when it
 * does not exist; undefined for anything else (another owner, a FIFO, too large, any OS error).
 */
export function readOwnFile(path: string, uid: number): string | null | undefined {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.uid !== uid || info.size > MAX_BYTES) return undefined;
    // One byte more than the size said: a file that grew since the stat is read to the cap, then refused.
    const buffer = Buffer.allocUnsafe(Math.min(info.size, MAX_BYTES) + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, length);
      if (read === 0) break;
      length += read;
      if (length === buffer.length) return undefined;
    }
    return buffer.toString('utf8', 0, length);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
