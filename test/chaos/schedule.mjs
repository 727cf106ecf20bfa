// What goes wrong, and when. Two tracks run side by side: Books faults every few seconds, and the events that
// cost token requests (revocation, eviction, throttling, a killed lock holder) or shake Redis, spaced so that
// the fleet's own refreshes plus these stay within Zoho's mint limit. Each event returns how many faults it
// put in place, by kind, for the summary.

/** Books faults, in turn. `timeoutMs` is the workers' per-attempt timeout. */
export function booksEvents(timeoutMs) {
  const books = (name, fault) => ({
    name,
    run: ({ emu }) => {
      emu.injectFault({ target: 'books', ...fault });
      return { [name]: fault.count ?? 1 };
    },
  });
  return [
    books('books 5xx', { kind: 'status', status: 503, count: 3 }),
    books('drop before change (POST)', { kind: 'drop', method: 'POST', count: 2 }),
    books('latency spike', { kind: 'delay', delayMs: 1_500, count: 4 }),
    {
      // One on a new contact, one on an invoice call (a create or a mark-as-sent).
      name: 'drop after change (POST)',
      run: ({ emu }) => {
        emu.injectFault({ target: 'books', kind: 'drop_after', method: 'POST', path: '/contacts', count: 1 });
        emu.injectFault({ target: 'books', kind: 'drop_after', method: 'POST', path: '/invoices', count: 1 });
        return { 'drop after change (POST)': 2 };
      },
    },
    books('429 burst', { kind: 'throttle', count: 4 }),
    books('books 502 html', { kind: 'html', count: 2 }),
    books('timeout after change (POST)', {
      kind: 'delay',
      delayMs: timeoutMs + 1_500,
      method: 'POST',
      count: 1,
    }),
    books('drop after change (PUT)', { kind: 'drop_after', method: 'PUT', count: 1 }),
    books('drop (GET)', { kind: 'drop', method: 'GET', count: 2 }),
    {
      // Zoho's own limits biting: its in-flight cap drops below what the clients allow while a burst of reads
      // comes, so real 429s (Retry-After: 1) come back and are waited out.
      name: 'limits squeezed',
      run: async ({ emu, fleet }) => {
        const [worker] = fleet.live();
        if (!worker) return {};
        // One slow read holds the only slot, so the burst behind it is refused at once.
        emu.configure({ books: { concurrency: 1 } });
        emu.injectFault({ target: 'books', kind: 'delay', delayMs: 1_500, method: 'GET', count: 1 });
        try {
          await fleet.ask(worker, 'burst', { count: 20 }, 60_000);
        } finally {
          emu.configure({ books: { concurrency: 10 } });
        }
        return { 'limits squeezed': 1 };
      },
    },
    {
      name: 'read burst',
      run: ({ fleet, background }) => {
        const [worker] = fleet.live();
        if (worker) background(fleet.ask(worker, 'burst', { count: 40 }, 60_000));
        return worker ? { 'read burst': 1 } : {};
      },
    },
  ];
}

/** Token and infrastructure events, in turn. */
export function infraEvents() {
  return [
    {
      // The refresh that follows meets a failing token endpoint first: a 500, then a dropped connection.
      name: 'token revoked',
      run: async (ctx) => {
        ctx.emu.injectFault({ target: 'token', kind: 'status', status: 500, count: 1 });
        ctx.emu.injectFault({ target: 'token', kind: 'drop', count: 1 });
        const revoked = await revokeCurrent(ctx);
        return {
          'token endpoint 5xx': 1,
          'token endpoint dropped': 1,
          ...(revoked ? { 'token revoked': 1 } : {}),
        };
      },
    },
    { name: 'lock holder killed', run: killLockHolder },
    { name: 'token evicted', run: evict },
    {
      name: 'token endpoint throttled',
      run: async (ctx) => {
        ctx.emu.injectFault({ target: 'token', kind: 'throttle', count: 1 });
        // A revocation makes the fleet need a new token now, so the throttle is met at once.
        const revoked = await revokeCurrent(ctx);
        return { 'token endpoint throttled': 1, ...(revoked ? { 'token revoked': 1 } : {}) };
      },
    },
    {
      name: 'redis restarted',
      run: async ({ redis }) => {
        await redis.restart();
        return { 'redis restarted': 1 };
      },
    },
    {
      name: 'redis down',
      run: async ({ redis }) => {
        await redis.outage(3_000);
        return { 'redis down 3 s': 1 };
      },
    },
  ];
}

/** The access token the fleet is using, revoked at Zoho as a person in the console would. */
async function revokeCurrent({ fleet, emu }) {
  const [worker] = fleet.live();
  if (!worker) return false;
  const { accessToken } = await fleet.ask(worker, 'peek');
  if (!accessToken) return false;
  const url = `${emu.accountsUrl}/oauth/v2/token/revoke?token=${encodeURIComponent(accessToken)}`;
  const response = await fetch(url, { method: 'POST' });
  await response.arrayBuffer();
  return response.status === 200;
}

/**
 * Another application minting from the same refresh token pushes the fleet's token out of Zoho's active set.
 * Minting 16 would overrun the mint limit, so the cap drops to 1 for one mint instead: same effect, one mint.
 */
async function evict({ emu, credential }) {
  // Only a token the fleet holds can be pushed out: wait (briefly) until it has one, e.g. after a revocation.
  const active = () =>
    emu
      .stats()
      .refresh_tokens.some(
        (rt) => rt.client_id === credential.clientId && !rt.revoked && rt.active_access_tokens > 0,
      );
  for (let waited = 0; !active() && waited < 10_000; waited += 100)
    await new Promise((r) => setTimeout(r, 100));
  const before = emu.stats().evicted_access_tokens;
  emu.configure({ activeTokenCap: 1 });
  try {
    const response = await fetch(`${emu.accountsUrl}/oauth/v2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: credential.clientId,
        client_secret: credential.clientSecret,
        refresh_token: credential.refreshToken,
      }),
    });
    await response.arrayBuffer();
  } finally {
    emu.configure({ activeTokenCap: 15 });
  }
  return emu.stats().evicted_access_tokens > before ? { 'token evicted': 1 } : {};
}

/**
 * A worker is SIGKILLed while it holds the Redis refresh lock, mid-refresh: the token endpoint is slowed so the
 * refresh lasts, the token is revoked so a refresh starts now, and the first worker to take the lock dies.
 * The others must wait out the lock's TTL and refresh once; a replacement worker joins.
 */
async function killLockHolder(ctx) {
  const { emu, fleet } = ctx;
  emu.injectFault({ target: 'token', kind: 'delay', delayMs: 3_000, count: 1 });
  const holder = new Promise((resolve) => {
    fleet.onNextLockHolder(resolve);
    setTimeout(() => resolve(undefined), 8_000);
  });
  await revokeCurrent(ctx);
  const worker = await holder;
  fleet.onNextLockHolder(undefined);
  if (!worker) return {};
  // Long enough for its token request to be at Zoho (slowed to 3 s): the token it asked for is never stored.
  await sleep(300);
  await fleet.kill(worker);
  ctx.background(fleet.spawn().then((w) => fleet.ask(w, 'start')));
  return { 'lock holder killed': 1, 'token revoked': 1 };
}

/** The events of one track at their start times: every `everyMs` from `firstMs` while before `untilMs`. */
export function timeline(events, firstMs, everyMs, untilMs) {
  const out = [];
  for (let at = firstMs, i = 0; at < untilMs; at += everyMs, i++)
    out.push({ at, event: events[i % events.length] });
  return out;
}

/** Runs a track: each event at its time (or as soon as the one before has finished). */
export async function runTrack(track, startedAt, ctx, isRunning) {
  for (const { at, event } of track) {
    const wait = startedAt + at - Date.now();
    if (wait > 0) await sleep(wait);
    if (!isRunning()) return;
    try {
      const counts = await event.run(ctx);
      ctx.count(counts);
      const { token_requests: requests, minted } = ctx.emu.stats();
      const when = ((Date.now() - startedAt) / 1000).toFixed(1);
      ctx.log(`chaos: +${when} s ${event.name} (token requests ${requests}, minted ${minted})`);
    } catch (error) {
      ctx.eventFailed(event.name, error);
    }
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
