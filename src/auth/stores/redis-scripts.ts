// Lua runs atomically inside Redis: each check-then-act below cannot interleave with another client's command.

/** Deletes the lock only while it still holds our owner token: an expired lock re-taken by another is theirs. */
export const RELEASE_LOCK = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/** Extends the lock's TTL only while we still own it (a heartbeat during a slow refresh). */
export const EXTEND_LOCK = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;

/** Replaces the token entry: fingerprint, payload and a TTL ending when the token does. */
export const SET_TOKEN = `
redis.call('del', KEYS[1])
redis.call('hset', KEYS[1], 'fp', ARGV[1], 'v', ARGV[2])
redis.call('pexpire', KEYS[1], ARGV[3])
return 1`;

/** Compare-and-delete: only while the entry still holds the token that was rejected (by its fingerprint). */
export const DELETE_TOKEN_IF = `
if redis.call('hget', KEYS[1], 'fp') == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;
