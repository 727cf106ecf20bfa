import { randomUUID } from 'node:crypto';
import { lutimes, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Clock } from '../../core/clock.js';
import { StoreError } from '../../core/errors.js';
import { createFileAtomic } from './atomic-file.js';
import { currentUid } from './file-refused.js';
import { LockWait } from './lock-wait.js';
import { readPrivateFile } from './safe-read.js';

export interface FileLockOptions {
  /**
   * How long to wait for another holder before giving up with a StoreError (reason lock_timeout). Never less
   * than staleMs plus a second, so that a lock nobody keeps alive is always broken before a waiter gives up.
   */
  waitMs: number;
  /** A lock whose holder has not been seen alive for this long is abandoned, whatever its timestamp says. */
  staleMs: number;
  /** Names the store in errors. */
  description: string;
  /** The waiter's clock: its deadline, its pauses, and how long it saw a holder unchanged. */
  clock: Clock;
  /** The jitter of the waiter's polls. */
  random: () => number;
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
  uid: number;
}

/** What one waiter saw of a holder, and since when it has looked exactly so. */
interface Sighting {
  owner: string | undefined;
  mtimeMs: number;
  /** On the waiter's clock. */
  since: number;
}

/** A lock file that cannot be parsed (empty, garbage) is not given the full stale period. */
const UNWRITTEN_GRACE_MS = 2_000;
/** Breakers hold the breaker file for a few milliseconds; one older than this was left by a breaker that died. */
const BREAKER_STALE_MS = 2_000;

/**
 * Runs `fn` holding an exclusive lock between processes: a file that appears complete at once (created
 * exclusively through the atomic writer), holding the owner's pid, host and a random owner token.
 *
 * Two clocks, on purpose. The wait (deadline, pauses, jitter) and what this waiter itself saw (how long a
 * holder stayed unchanged) are on the injected clock and random source. A file's age compares its mtime with
 * the OS clock, which is the clock mtimes are on; and the holder's heartbeat is a real timer, because other
 * processes judge it by those mtimes.
 *
 * Nothing in a lock file is trusted beyond what can be checked. A holder killed with SIGKILL cannot clean up,
 * so waiters recover on their own: at once when the owner is a dead pid on this host; otherwise once the
 * holder has not been seen alive for `staleMs`. "Seen alive" is either a recent mtime (a live holder touches
 * its file every staleMs/3) or, for a timestamp in the future or a record that cannot be verified, a change
 * this waiter itself observed: a planted lock dated next year is broken after staleMs like any other. Breaking
 * goes through a second exclusive file so two waiters cannot both break, and delete the fresh lock the first
 * one just took.
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

/** The longest a waiter may wait: waitMs, but never less than what breaking an abandoned lock takes. */
function lockWaitBound(options: Pick<FileLockOptions, 'waitMs' | 'staleMs'>): number {
  return Math.max(options.waitMs, options.staleMs + 1_000);
}

async function acquire(lockPath: string, owner: string, options: FileLockOptions): Promise<void> {
  const wait = new LockWait({ clock: options.clock, random: options.random, waitMs: lockWaitBound(options) });
  let sighting: Sighting | undefined;
  for (;;) {
    if (await tryCreate(lockPath, owner)) return;
    const holder = await inspect(lockPath);
    if (holder) {
      sighting = observe(sighting, holder, wait.now());
      if (isAbandoned(holder, sighting, options.staleMs, wait.now())) {
        await breakAbandoned(lockPath, holder);
        sighting = undefined;
        continue;
      }
    }
    if (wait.over) throw timeoutError(lockPath, holder, options);
    await wait.pause();
  }
}

function tryCreate(lockPath: string, owner: string): Promise<boolean> {
  const record: LockRecord = { pid: process.pid, host: hostname(), owner };
  return createFileAtomic(lockPath, JSON.stringify(record));
}

/** The holder, or undefined when the lock is gone; a FileRefusedError for a FIFO, device, symlink or huge file. */
async function inspect(lockPath: string): Promise<Holder | undefined> {
  // Another user's file is not refused here: it is a lock whose owner cannot be verified, judged below.
  const file = await readPrivateFile(lockPath, { maxBytes: 4096, requireOwner: false });
  return file && { record: parseRecord(file.text), mtimeMs: file.mtimeMs, uid: file.uid };
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.owner === 'string') {
      return { pid: value.pid, host: value.host, owner: value.owner };
    }
  } catch {
    // An empty or half-written file (a file system without hard links), or garbage: judged by its age below.
  }
  return undefined;
}

/** Restarts the count whenever the holder changed: a new owner, or a heartbeat that moved the mtime. */
function observe(previous: Sighting | undefined, holder: Holder, now: number): Sighting {
  const owner = holder.record?.owner;
  if (previous && previous.owner === owner && previous.mtimeMs === holder.mtimeMs) return previous;
  return { owner, mtimeMs: holder.mtimeMs, since: now };
}

/** `now` is the waiter's clock, for the sighting; the file's age is on the OS clock, as its mtime. */
function isAbandoned(holder: Holder, sighting: Sighting, staleMs: number, now: number): boolean {
  if (verifiablyDead(holder)) return true;
  const osNow = Date.now();
  // A timestamp in the future proves nothing: only what this waiter saw counts then.
  const age = holder.mtimeMs <= osNow ? osNow - holder.mtimeMs : 0;
  const unchangedFor = now - sighting.since;
  const limit = holder.record ? staleMs : Math.min(staleMs, UNWRITTEN_GRACE_MS);
  return Math.max(age, unchangedFor) > limit;
}

/** Only a lock of this user, on this host, naming a pid that no longer exists, is known dead at once. */
function verifiablyDead(holder: Holder): boolean {
  const uid = currentUid();
  if (!holder.record || holder.record.host !== hostname()) return false;
  if (uid !== undefined && holder.uid !== uid) return false;
  return !isAlive(holder.record.pid);
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
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
    // A breaker dated in the future was not left by a breaker of ours: nobody is behind it. (OS clock: mtimes.)
    const age = other ? Date.now() - other.mtimeMs : 0;
    if (other && (age > BREAKER_STALE_MS || age < -BREAKER_STALE_MS)) await rm(breaker, { force: true });
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
    // lutimes: never through a symlink someone put in its place.
    await lutimes(lockPath, now, now);
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
    `Timed out after ${lockWaitBound(options)} ms waiting for the token lock of ${options.description}${who}.`,
    `Another process is refreshing and still alive; try again shortly. If no zbooks process is running, delete ${lockPath}.`,
    { reason: 'lock_timeout' },
  );
}
