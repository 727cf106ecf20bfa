import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** The file's text, or undefined when it does not exist; other errors (permissions, I/O) are thrown. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Creates the directory (and its parents) 0700 when missing. `makePrivate` also tightens one that exists:
 * only for a directory zbooks owns (its config dir), never for one a user named.
 */
export async function ensureDir(dir: string, makePrivate: boolean): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (makePrivate) await chmod(dir, PRIVATE_DIR_MODE);
}

/**
 * Replaces `path` so that readers see either the old or the new content, never a mix, even if this process
 * dies half way: write a temp file in the same directory, fsync it, rename it over the target, fsync the
 * directory. The file is 0600 from its creation (and chmodded, in case a umask or an old file said otherwise).
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    try {
      await handle.chmod(PRIVATE_FILE_MODE);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

/** Makes the rename itself durable; some platforms cannot open a directory, and then there is nothing to do. */
async function syncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort: the data itself was already synced before the rename.
  } finally {
    await handle?.close();
  }
}
