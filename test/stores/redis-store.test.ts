import { createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { RedisTokenStore } from '../../src/auth/stores/redis-store.js';
import { TokenProvider } from '../../src/auth/token-provider.js';
import { StoreError } from '../../src/core/errors.js';
import { type SeededEmulator, seededEmulator } from '../helpers/emulator-credential.js';
import { freePort, type RedisServer, startRedis } from '../helpers/redis-server.js';
import { describeWith } from '../helpers/tools.js';
import { expectedPauses, fakeLockClock, seededRandom, sum } from './lock-clock.js';
import { KEY, recordingLogger, storedToken } from './tokens.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWith('redis-server')('RedisTokenStore', () => {
  let redis: RedisServer;
  let admin: Redis;
  const stores: RedisTokenStore[] = [];
  const open = (options: Partial<ConstructorParameters<typeof RedisTokenStore>[0]> = {}) => {
    const store = new RedisTokenStore({ url: redis.url, ...options });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url);
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await admin.flushdb();
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis?.stop();
  });

  it('shares tokens between clients, deletes them, and compare-and-deletes only the rejected token', async () => {
    const token = storedToken();
    await open().set(KEY, token);
    expect(await open().get(KEY)).toEqual(token);
    await open().delete(KEY, storedToken().accessToken);
    expect(await open().get(KEY)).toEqual(token);
    await open().delete(KEY, token.accessToken);
    expect(await open().get(KEY)).toBeUndefined();
    await open().set(KEY, token);
    await open().delete(KEY);
    expect(await open().get(KEY)).toBeUndefined();
  });

  it('stores under keys derived from the cache key, with a TTL ending when the token does, and no secret', async () => {
    const token = storedToken(Date.now(), { expiresAt: Date.now() + 600_000 });
    await open({ keyPrefix: 'app1:' }).set(KEY, token);
    expect(await admin.keys('*')).toEqual([`app1:${KEY}:token`]);
    const ttl = await admin.pttl(`app1:${KEY}:token`);
    expect(ttl).toBeGreaterThan(595_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    const stored = await admin.hgetall(`app1:${KEY}:token`);
    expect(Object.keys(stored).sort()).toEqual(['fp', 'kid', 'v']);
    expect(stored.fp).not.toContain(token.accessToken);
  });

  it('does not store a token that has already expired', async () => {
    await open().set(KEY, storedToken(Date.now() - 7_200_000));
    expect(await admin.keys('*')).toEqual([]);
  });

  it('lets one holder of the lock in at a time, across clients', async () => {
    let inside = 0;
    let most = 0;
    const clients = [open(), open(), open()];
    await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        clients[i % 3]!.withLock(KEY, async () => {
          inside++;
          most = Math.max(most, inside);
          await sleep(5);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(await admin.keys('*')).toEqual([]);
  });

  it('releases only its own lock: a lock re-taken by another owner after expiry survives', async () => {
    await open().withLock(KEY, async () => {
      await admin.set(`${KEY}:lock`, 'someone-else', 'PX', 10_000);
    });
    expect(await admin.get(`${KEY}:lock`)).toBe('someone-else');
  });

  it('extends its lock while a slow holder is alive, so no waiter gets in early', async () => {
    const order: string[] = [];
    const slow = open({ lockTtlMs: 300 }).withLock(KEY, async () => {
      order.push('slow in');
      await sleep(1_000);
      order.push('slow out');
    });
    // The second asks once the first holds the lock (50 ms was not always enough on a loaded machine).
    while (!order.includes('slow in')) await sleep(5);
    await open({ lockTtlMs: 300 }).withLock(KEY, async () => void order.push('second in'));
    await slow;
    expect(order).toEqual(['slow in', 'slow out', 'second in']);
  });

  it('waits for a live holder only so long, then fails with a StoreError', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = () => {};
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const holder = open({ lockTtlMs: 300 }).withLock(KEY, async () => {
      entered();
      await held;
    });
    await inside;
    const error = await open({ lockTtlMs: 300, lockWaitMs: 200 })
      .withLock(KEY, async () => 1)
      .catch((e) => e);
    release();
    await holder;
    expect(error).toBeInstanceOf(StoreError);
    expect(error.reason).toBe('lock_timeout');
  });

  it('waits on the injected clock and random source: a live holder, a lock nobody set, a frozen clock', async () => {
    const lockKey = `${KEY}:lock`;
    // A holder with zbooks' own TTL: trusted, so the waiter gives up once lockWaitMs passed on its clock.
    await admin.set(lockKey, 'someone-else', 'PX', 10_000);
    const live = fakeLockClock();
    const waiting = open({
      lockTtlMs: 10_000,
      lockWaitMs: 20_000,
      clock: live.clock,
      random: seededRandom(5),
    });
    const timedOut = await waiting.withLock(KEY, async () => 1).catch((e: unknown) => e);
    expect((timedOut as StoreError).reason).toBe('lock_timeout');
    expect(live.elapsed()).toBeGreaterThanOrEqual(20_000);
    expect(live.elapsed()).toBeLessThan(20_000 + 150);
    expect(live.sleeps).toEqual(expectedPauses(seededRandom(5), live.sleeps.length));

    // No expiry: not a zbooks lock. Broken once it stayed unchanged for lockTtlMs of the waiter's clock.
    await admin.set(lockKey, 'planted');
    const planted = fakeLockClock();
    const breaking = open({ lockTtlMs: 1_000, clock: planted.clock, random: seededRandom(9) });
    expect(await breaking.withLock(KEY, async () => 'inside')).toBe('inside');
    expect(sum(planted.sleeps)).toBeGreaterThan(1_000);
    expect(sum(planted.sleeps.slice(0, -1))).toBeLessThanOrEqual(1_000);
    expect(planted.sleeps).toEqual(expectedPauses(seededRandom(9), planted.sleeps.length));

    // A clock that never moves: the wait ends after a bounded number of polls.
    await admin.set(lockKey, 'someone-else', 'PX', 10_000);
    const frozen = fakeLockClock({ frozen: true });
    const stuck = open({ lockTtlMs: 1_000, lockWaitMs: 2_000, clock: frozen.clock, random: seededRandom(1) });
    const ended = await stuck.withLock(KEY, async () => 1).catch((e: unknown) => e);
    expect((ended as StoreError).reason).toBe('lock_timeout');
    expect(frozen.sleeps.length).toBeLessThanOrEqual(2 * (5 + 2_000 / 50 + 1));
  });

  it('fails fast with a StoreError (kind network) when Redis is not there', async () => {
    const port = await freePort();
    // A timeout longer than the test's: a refused connection must fail the call, not wait for the timeout.
    const store = open({ url: `redis://:hunter2secret@127.0.0.1:${port}/0`, commandTimeoutMs: 600_000 });
    for (const call of [
      () => store.get(KEY),
      () => store.set(KEY, storedToken()),
      () => store.withLock(KEY, async () => 1),
    ]) {
      const error = await call().catch((e) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error.kind).toBe('network');
      expect(`${error.message} ${error.hint}`).not.toContain('hunter2secret');
    }
    expect(store.description).toBe(`redis 127.0.0.1:${port}/0`);
  });

  it('gives up on a server that accepts the connection but never answers, after its timeout', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const store = open({ url: `redis://127.0.0.1:${port}/0`, commandTimeoutMs: 300 });
      const error = await store.get(KEY).catch((e) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error.message).toMatch(/timed out/);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describeWith('redis-server')('RedisTokenStore under a token provider when Redis is down at start', () => {
  let world: SeededEmulator;
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    world = await seededEmulator();
  });
  afterAll(async () => {
    await redis?.stop();
    await world?.close();
  });

  it('still hands out tokens, warns once, and shares through Redis once it is up', async () => {
    const port = await freePort();
    const store = new RedisTokenStore({ url: `redis://127.0.0.1:${port}/0` });
    const logger = recordingLogger();
    const provider = new TokenProvider({ ...world.credential, store, logger });
    try {
      const first = await Promise.all(Array.from({ length: 5 }, () => provider.getToken()));
      await provider.getToken({ forceRefresh: true });
      expect(new Set(first.map((t) => t.accessToken)).size).toBe(1);
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toContain(`redis 127.0.0.1:${port}/0`);

      redis = await startRedis(port);
      const deadline = Date.now() + 5_000;
      while (
        !(await store.get(KEY).then(
          () => true,
          () => false,
        )) &&
        Date.now() < deadline
      )
        await sleep(100);
      const fresh = await provider.getToken({ forceRefresh: true });
      expect(logger.warnings.at(-1)).toMatch(/is back\.$/);
      // Another process finds the token in Redis now, without asking Zoho.
      const before = world.tokenRequests();
      const other = new RedisTokenStore({ url: redis.url });
      const seen = await new TokenProvider({ ...world.credential, store: other }).getToken();
      await other.close();
      expect(seen.accessToken).toBe(fresh.accessToken);
      expect(world.tokenRequests()).toBe(before);
    } finally {
      await store.close();
    }
  });
});
