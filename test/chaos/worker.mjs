// One process of the chaos run (driver.mjs): a program using the built library (dist/) the way a fleet does,
// Redis token store and shared Redis rate limit, running `loops` callers that mix reads and writes until told
// to stop. Every intended write is journalled BEFORE it is sent and its outcome after, with synchronous writes,
// so that even a SIGKILL leaves a journal the driver can reconcile against the emulator.
import { closeSync, openSync, writeSync } from 'node:fs';
import {
  OutcomeUnknownError,
  RedisTokenStore,
  TokenProvider,
  TokenRateLimitedError,
  ZbooksError,
  ZohoBooks,
} from '../../dist/index.js';

const config = JSON.parse(process.env.CHAOS_WORKER ?? '{}');
let journal = openSync(config.journal, 'a');
const log = (entry) => {
  if (journal !== undefined) writeSync(journal, `${JSON.stringify({ ...entry, at: Date.now() })}\n`);
};

process.on('uncaughtException', (error) => crash('uncaughtException', error));
process.on('unhandledRejection', (error) => crash('unhandledRejection', error));

function crash(kind, error) {
  log({ t: 'crash', kind, error: describe(error) });
  process.exit(70);
}

const describe = (error) =>
  error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);

const logger = { warn: (message) => log({ t: 'warn', message }) };
const observed = { status: {}, failures: {}, slow: 0, lockHeld: 0 };
const tally = { reads: 0, readsOk: 0, readErrors: {} };

const redisStore = new RedisTokenStore({
  url: config.redis,
  lockTtlMs: config.lockTtlMs,
  commandTimeoutMs: 1_000,
});
const store = announcingLock(redisStore);
const provider = new TokenProvider({
  ...config.credential,
  store,
  refreshMarginMs: config.refreshMarginMs,
  throttleCooldownMs: config.throttleCooldownMs,
  logger,
});
const books = new ZohoBooks({
  auth: provider,
  organizationId: config.organizationId,
  redis: config.redis,
  rateLimit: { limit: config.perMinute, concurrency: config.concurrency, redisTimeoutMs: 1_000 },
  retry: { maxRateLimitWaitMs: config.maxRateLimitWaitMs },
  timeoutMs: config.timeoutMs,
  fetch: observingFetch,
  logger,
});

/** The store, telling the driver when this process holds the refresh lock (so it can be killed right then). */
function announcingLock(inner) {
  return {
    description: inner.description,
    get: (key) => inner.get(key),
    set: (key, value) => inner.set(key, value),
    delete: (key, ifToken) => inner.delete(key, ifToken),
    close: () => inner.close(),
    withLock: (key, fn) =>
      inner.withLock(key, async () => {
        observed.lockHeld++;
        process.send?.({ type: 'lock-held' });
        return fn();
      }),
  };
}

/** What the wire did, as this process saw it: statuses, dropped connections, slow answers. */
async function observingFetch(input, init) {
  const started = Date.now();
  try {
    const response = await fetch(input, init);
    const retryAfter = response.headers.get('retry-after');
    const status = `${response.status}${retryAfter ? ` (Retry-After ${retryAfter})` : ''}`;
    observed.status[status] = (observed.status[status] ?? 0) + 1;
    if (Date.now() - started > 1_000) observed.slow++;
    return response;
  } catch (error) {
    const code = error?.cause?.code ?? error?.name ?? 'error';
    observed.failures[code] = (observed.failures[code] ?? 0) + 1;
    throw error;
  }
}

let sequence = 0;
let running = true;

/** An intended change: journalled first, then sent, then its outcome journalled. Never throws. */
async function write(op, fields, send) {
  const key = `${config.name}:${++sequence}`;
  log({ t: 'intent', key, op, ...fields });
  try {
    const result = await send();
    log({ t: 'outcome', key, result: 'ok', id: result?.id });
    return result;
  } catch (error) {
    if (error instanceof OutcomeUnknownError) {
      log({
        t: 'outcome',
        key,
        result: 'unknown',
        method: error.method,
        path: error.path,
        error: error.name,
        // What cut the exchange: 'timeout', 'und_err_socket', …
        cause: error.cause?.reason,
      });
    } else {
      log({
        t: 'outcome',
        key,
        result: 'error',
        error: error?.name ?? 'unknown',
        typed: error instanceof ZbooksError,
        message: error instanceof ZbooksError ? undefined : describe(error),
      });
    }
    return undefined;
  }
}

async function read(call) {
  tally.reads++;
  try {
    await call();
    tally.readsOk++;
  } catch (error) {
    const name = error instanceof ZbooksError ? error.name : `untyped ${error?.name}`;
    tally.readErrors[name] = (tally.readErrors[name] ?? 0) + 1;
    if (!(error instanceof ZbooksError)) log({ t: 'untyped', error: describe(error) });
  }
}

/** One caller: its own contacts and invoices, so that its updates of a record never race each other. */
async function loop(index) {
  const mine = { contacts: [], invoices: [], made: 0 };
  const tag = `${config.name}-l${index}`;
  await sleep(Math.random() * config.pauseMs);
  while (running) {
    await step(mine, tag);
    await sleep(config.pauseMs / 2 + Math.random() * config.pauseMs);
  }
}

async function step(mine, tag) {
  const r = Math.random();
  const contact = pick(mine.contacts);
  const invoice = pick(mine.invoices.filter((i) => !i.sent));
  if (!contact || r < 0.22) return createContact(mine, `chaos-${tag}-c${++mine.made}`);
  if (r < 0.47) return createInvoice(mine, contact, `chaos-${tag}-i${++mine.made}`);
  if (r < 0.59) return updateContact(contact);
  if (r < 0.69 && invoice) return markSent(invoice);
  if (r < 0.85) return read(() => (r < 0.77 ? books.invoices.list({ per_page: 50 }) : books.contacts.list()));
  return read(() =>
    r < 0.93 || !pick(mine.invoices)
      ? books.contacts.get(contact.id)
      : books.invoices.get(pick(mine.invoices).id),
  );
}

async function createContact(mine, marker) {
  const made = await write('create_contact', { marker }, async () => {
    const record = await books.contacts.create({ contact_name: marker, contact_type: 'customer' });
    return { id: record.contact_id };
  });
  if (made) mine.contacts.push({ id: made.id, marker, updates: 0 });
}

async function createInvoice(mine, contact, marker) {
  const made = await write('create_invoice', { marker, customer: contact.marker }, async () => {
    const record = await books.invoices.create({
      customer_id: contact.id,
      reference_number: marker,
      line_items: [{ name: 'Chaos consulting', rate: 120, quantity: 1 }],
    });
    return { id: record.invoice_id };
  });
  if (made) mine.invoices.push({ id: made.id, marker, sent: false });
}

async function updateContact(contact) {
  const value = `${contact.marker}-u${++contact.updates}`;
  await write('update_contact', { marker: contact.marker, id: contact.id, value }, async () => {
    await books.contacts.update(contact.id, { notes: value });
    return { id: contact.id };
  });
}

async function markSent(invoice) {
  const done = await write('mark_sent', { marker: invoice.marker, id: invoice.id }, async () => {
    await books.invoices.markAsSent(invoice.id);
    return { id: invoice.id };
  });
  if (done) invoice.sent = true;
}

/** Many reads at once: the shared in-flight cap and minute window hold them back, Zoho never sees too many. */
async function burst(count) {
  await Promise.all(Array.from({ length: count }, () => read(() => books.contacts.list({ per_page: 10 }))));
}

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let loops = [];
const handlers = {
  start: () => {
    loops = Array.from({ length: config.loops }, (_, i) => loop(i));
  },
  // The token everyone is using (for the driver to revoke it at Zoho).
  peek: async () => ({ accessToken: (await provider.peek())?.accessToken }),
  burst: async (message) => {
    await burst(message.count);
  },
  stop: async () => {
    running = false;
    await Promise.all(loops);
    await books.close();
    await store.close();
    log({ t: 'done', observed, tally });
    closeSync(journal);
    journal = undefined;
  },
};

process.on('message', async (message) => {
  const handler = handlers[message?.type];
  if (!handler) return;
  let result;
  try {
    result = await handler(message);
  } catch (error) {
    // The driver's own commands must not be what brings a worker down.
    result = { error: describe(error) };
  }
  process.send?.({ type: `${message.type}:done`, ...result }, () => {
    // Keep-alive sockets would hold the process: once stopped and answered, leave.
    if (message.type === 'stop') process.exit(0);
  });
});

// Ready once a token is in hand (one process refreshes, the others read it from Redis). A worker that starts
// while Zoho throttles token requests (one restarted after a kill, on a loaded machine) waits the cooldown out as
// a real program would, instead of crashing on it.
for (;;) {
  try {
    await provider.getToken();
    break;
  } catch (error) {
    if (!(error instanceof TokenRateLimitedError)) throw error;
    await sleep(Math.max(100, (error.retryAt ?? 0) - Date.now()));
  }
}
log({ t: 'ready', pid: process.pid });
process.send?.({ type: 'ready' });
