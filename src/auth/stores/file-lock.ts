import { randomUUID } from 'node:crypto';
import { open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { StoreError } from '../../core/errors.js';
import { PRIVATE_FILE_MODE } from './atomic-file.js';

export interface FileLockOptions {
  /** How long to wait for another holder before giving up with a StoreError. */
  waitMs: number;
  /** A holder that stopped touching its lock file for this long is taken for dead (it may be on another host). */
  staleMs: number;
  /** Names the store in errors. */
  description: string;
}

/** What a lock file holds: enough to tell whether its owner is still alive, and whose it is. */
interface LockRecord {
  pid: number;
  host: string;
  owner: string;
}

interface Holder {
  record: LockRecord | undefined;
  mtimeMs: number;
}

/** A lock file that exists but is still empty belongs to a creator between open() and write(): give it this long. */
const UNWRITTEN_GRACE_MS = 2_000;
/** Breakers hold the breaker file for a few milliseconds; one older than this was left by a breaker that died. */
const BREAKER_STALE_MS = 2_000;
const MAX_POLL_MS = 100;

/**
 * Runs `fn` holding an exclusive lock between processes: a file created with O_EXCL, holding the owner's pid,
 * host and a random owner token. Lock ages use the OS clock (file mtimes are on it), never an injected one.
 *
 * A holder killed with SIGKILL cannot clean up, so waiters recover on their own: at once when the owner is a
 * dead pid on this host, otherwise once the file has not been touched for `staleMs` (a live holder touches it
 * every staleMs/3). Breaking goes through a second O_EXCL file so two waiters cannot both break, and delete
 * the fresh lock the first one just took.
 */
export async function withFileLock<T>(
  lockPath: string,
  options: FileLockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const owner = randomUUID();
  await acquire(lockPath, owner, options);
  const heartbeat = setInterval(() => void touchIfOwned(lockPath, owner), Math.max(50, options.staleMs / 3));
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    await releaseIfOwned(lockPath, owner);
  }
}

async function acquire(lockPath: string, owner: string, options: FileLockOptions): Promise<void> {
  const deadline = Date.now() + options.waitMs;
  let pollMs = 5;
  for (;;) {
    if (await tryCreate(lockPath, owner)) return;
    const holder = await inspect(lockPath);
    if (holder && isAbandoned(holder, options.staleMs)) {
      await breakAbandoned(lockPath, holder);
      continue;
    }
    if (Date.now() >= deadline) throw timeoutError(lockPath, holder, options);
    // Jitter keeps the waiting processes from polling in lockstep.
    await sleep(pollMs / 2 + Math.random() * pollMs);
    pollMs = Math.min(MAX_POLL_MS, pollMs * 2);
  }
}

async function tryCreate(lockPath: string, owner: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(lockPath, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    const record: LockRecord = { pid: process.pid, host: hostname(), owner };
    await handle.writeFile(JSON.stringify(record));
  } finally {
    await handle.close();
  }
  return true;
}

async function inspect(lockPath: string): Promise<Holder | undefined> {
  try {
    const [info, text] = await Promise.all([stat(lockPath), readFile(lockPath, 'utf8')]);
    return { record: parseRecord(text), mtimeMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.owner === 'string') {
      return { pid: value.pid, host: value.host, owner: value.owner };
    }
  } catch {
    // An empty or half-written file: judged by its age below.
  }
  return undefined;
}

function isAbandoned(holder: Holder, staleMs: number): boolean {
  const age = Date.now() - holder.mtimeMs;
  if (!holder.record) return age > Math.min(staleMs, UNWRITTEN_GRACE_MS);
  if (holder.record.host === hostname() && !isAlive(holder.record.pid)) return true;
  return age > staleMs;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes an abandoned lock, unless another waiter already broke it and someone holds a new one. */
async function breakAbandoned(lockPath: string, seen: Holder): Promise<void> {
  const breaker = `${lockPath}.break`;
  if (!(await tryCreate(breaker, randomUUID()))) {
    const other = await inspect(breaker);
    if (other && Date.now() - other.mtimeMs > BREAKER_STALE_MS) await rm(breaker, { force: true });
    return;
  }
  try {
    const now = await inspect(lockPath);
    const same = now && now.record?.owner === seen.record?.owner && now.mtimeMs === seen.mtimeMs;
    if (same) await rm(lockPath, { force: true });
  } finally {
    await rm(breaker, { force: true });
  }
}

async function touchIfOwned(lockPath: string, owner: string): Promise<void> {
  try {
    if ((await inspect(lockPath))?.record?.owner !== owner) return;
    const now = new Date();
    await utimes(lockPath, now, now);
  } catch {
    // A missed heartbeat only brings the stale deadline closer; the next one tries again.
  }
}

async function releaseIfOwned(lockPath: string, owner: string): Promise<void> {
  try {
    if ((await inspect(lockPath))?.record?.owner === owner) await rm(lockPath, { force: true });
  } catch {
    // Left behind, it is recovered from like a dead holder's; failing here would hide fn's own outcome.
  }
}

function timeoutError(lockPath: string, holder: Holder | undefined, options: FileLockOptions): StoreError {
  const who = holder?.record ? ` (held by pid ${holder.record.pid} on ${holder.record.host})` : '';
  return new StoreError(
    `Timed out after ${options.waitMs} ms waiting for the token lock of ${options.description}${who}.`,
    `If no zbooks process is refreshing a token, delete ${lockPath}.`,
    { code: 'lock_timeout' },
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
