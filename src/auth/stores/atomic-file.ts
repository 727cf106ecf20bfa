import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FileRefusedError } from './file-refused.js';
import { readPrivateText } from './safe-read.js';

const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * A new file that did not exist (O_EXCL) and is not reached through a symlink (O_NOFOLLOW; O_EXCL alone
 * already refuses one, this says so twice), 0600 from its creation.
 */
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * The file's text, or undefined when it does not exist; read as every private file is (see readPrivateFile),
 * and a file that is not one zbooks wrote is a ConfigError naming it.
 */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readPrivateText(path);
  } catch (error) {
    throw error instanceof FileRefusedError ? error.toConfigError('the file') : error;
  }
}

/**
 * The one way zbooks writes a file: the content goes into a temp file with an unguessable name in the same
 * directory (created exclusively, never through a symlink, 0600, fsynced), which is then renamed over `path`
 * and the directory fsynced. Readers see the old content or the new, never a mix, even if this process dies
 * half way; a symlink planted at `path` is replaced, never followed.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = await writeTemp(path, text);
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dirname(path));
}

/**
 * Like writeFileAtomic, but only when `path` does not exist yet (false when it does): the complete file
 * appears at once (a hard link of the temp file), so nobody ever sees it empty or half written. For lock
 * files, which skip the fsyncs: a lock that does not survive a crash of the machine is exactly right.
 */
export async function createFileAtomic(path: string, text: string): Promise<boolean> {
  const temp = await writeTemp(path, text, false);
  try {
    await link(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // File systems without hard links: an exclusive create, written in place (briefly empty, which lock
    // readers tolerate for a grace period).
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EOPNOTSUPP') {
      return createInPlace(path, text);
    }
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
  return true;
}

async function writeTemp(path: string, text: string, durable = true): Promise<string> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(12).toString('hex')}.tmp`);
  const handle = await open(temp, CREATE_FLAGS, PRIVATE_FILE_MODE);
  try {
    // In case a umask or an ACL said otherwise.
    await handle.chmod(PRIVATE_FILE_MODE);
    await handle.writeFile(text, 'utf8');
    if (durable) await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return temp;
}

async function createInPlace(path: string, text: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, CREATE_FLAGS, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
  return true;
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
