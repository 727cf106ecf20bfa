// Lua runs atomically inside Redis: each check-then-act below cannot interleave with another client's command.

/** Deletes the lock only while it still holds our owner token: an expired lock re-taken by another is theirs. */
export const RELEASE_LOCK = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/** Extends the lock's TTL only while we still own it (a heartbeat during a slow refresh). */
export const EXTEND_LOCK = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;

/**
 * Takes the lock (SET NX PX) or, when someone holds it, says who and for how long: {1} when taken, else
 * {0, holder, pttl} (pttl -1: a lock without expiry, which no zbooks process sets).
 */
export const TRY_LOCK = `
if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return {1} end
return {0, redis.call('get', KEYS[1]) or '', redis.call('pttl', KEYS[1])}`;

/**
 * Replaces the token entry (fingerprint, payload, key id, a TTL ending when the token does), unless it holds
 * an entry sealed with another key: entries are written only by processes that could have read them. A
 * plaintext entry (key id '') may be replaced by anyone; one from before key ids existed ('?', sealed) only by
 * a process that has a key, so it is never downgraded to plaintext. Returns 1 when written, 0 when refused.
 * KEYS[1] the entry; ARGV fingerprint, payload, ttl ms, key id of the writer ('' without a key).
 */
export const SET_TOKEN = `
local held = redis.call('hget', KEYS[1], 'v')
if held then
  local kid = redis.call('hget', KEYS[1], 'kid')
  if not kid then
    if string.sub(held, 1, 7) == 'zbenc1.' then kid = '?' else kid = '' end
  end
  local mine = kid == ARGV[4] or (kid == '?' and ARGV[4] ~= '')
  if kid ~= '' and not mine then return 0 end
end
redis.call('del', KEYS[1])
redis.call('hset', KEYS[1], 'fp', ARGV[1], 'v', ARGV[2], 'kid', ARGV[4])
redis.call('pexpire', KEYS[1], ARGV[3])
return 1`;

/** Compare-and-delete on the payload itself: only while the entry is still exactly what the caller read. */
export const DELETE_TOKEN_IF_VALUE = `
if redis.call('hget', KEYS[1], 'v') == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/** Compare-and-delete by fingerprint, for an entry this process cannot decode. */
export const DELETE_TOKEN_IF = `
if redis.call('hget', KEYS[1], 'fp') == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;
