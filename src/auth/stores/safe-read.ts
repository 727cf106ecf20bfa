import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { currentUid, FileRefusedError } from './file-refused.js';

/** Nothing zbooks writes comes near this: a cache, lock or profile file larger than 1 MiB is not one of ours. */
export const MAX_PRIVATE_FILE_BYTES = 1024 * 1024;

/**
 * O_NOFOLLOW: a symlink planted at the path fails the open (ELOOP) instead of redirecting the read.
 * O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer (the type check then refuses it).
 * Both are 0 where the platform lacks them (Windows), where neither attack applies in the same way.
 */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

interface PrivateFile {
  text: string;
  mtimeMs: number;
  uid: number;
}

interface ReadPrivateOptions {
  maxBytes?: number;
  /** Refuse a file owned by another user (default true); lock files are judged by their content instead. */
  requireOwner?: boolean;
}

/**
 * The one way zbooks reads a file that holds or guards a secret (token cache, lock, profile): opened without
 * following a symlink and without blocking, checked to be a regular file of this user and of bounded size,
 * then read through the same handle (so the checked file is the one read). Undefined when it does not exist;
 * a FileRefusedError for anything that is not such a file; other OS errors (EACCES, EIO) are thrown as they are.
 */
export async function readPrivateFile(
  path: string,
  options: ReadPrivateOptions = {},
): Promise<PrivateFile | undefined> {
  const maxBytes = options.maxBytes ?? MAX_PRIVATE_FILE_BYTES;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw refused(path, 'is a symbolic link');
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw refused(path, `is ${describeType(info)}, not a regular file`);
    const uid = currentUid();
    if ((options.requireOwner ?? true) && uid !== undefined && info.uid !== uid) {
      throw refused(path, `belongs to another user (uid ${info.uid})`);
    }
    if (info.size > maxBytes) throw refused(path, `is larger than ${describeSize(maxBytes)}`);
    // The size may change between stat and read (zbooks never appends, someone else might): read in chunks,
    // never more than one byte past the cap.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, length);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > maxBytes) throw refused(path, `is larger than ${describeSize(maxBytes)}`);
    }
    return { text: Buffer.concat(chunks, length).toString('utf8'), mtimeMs: info.mtimeMs, uid: info.uid };
  } finally {
    await handle.close();
  }
}

/** The text of a private file, or undefined when it does not exist (see readPrivateFile). */
export async function readPrivateText(
  path: string,
  options?: ReadPrivateOptions,
): Promise<string | undefined> {
  return (await readPrivateFile(path, options))?.text;
}

function refused(path: string, problem: string): FileRefusedError {
  return new FileRefusedError({
    path,
    problem,
    hint: `zbooks only reads regular files it wrote itself there. Remove ${path} if you did not put it there (someone else may have), and check who can write to its directory.`,
  });
}

export function describeType(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a directory';
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isFile()) return 'a regular file';
  return 'of an unknown type';
}

const describeSize = (bytes: number) =>
  bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
