// Child of load-driver.mjs: one ZohoBooks client driving the emulator (in the parent) as hard as it can with
// `concurrency` callers for a fixed time (`seconds`) or a fixed number of operations (`operations`: the
// same work whatever the machine's speed), and sampling its own memory after a full GC as it goes. Run with
// --expose-gc. Its memory is the client's alone: the emulator lives in the other process.
import { TokenProvider, ZohoBooks } from '../../dist/index.js';

const config = JSON.parse(process.env.LOAD_WORKER ?? '{}');
const { ids, customerId } = config;
const gc = globalThis.gc;
if (typeof gc !== 'function') throw new Error('load-worker needs --expose-gc');

const books = new ZohoBooks({
  auth: new TokenProvider(config.credential),
  organizationId: config.organizationId,
  // Limits off on this side too. The exact sliding-window log keeps one start time per request in its window,
  // by design; a 1 s window keeps that bounded log small so a short run measures the steady state.
  rateLimit: { limit: 1e9, windowMs: 1000, concurrency: 1e6 },
});

const counts = { calls: 0, ok: 0, failed: 0, byOperation: {}, errors: {} };
const samples = [];
let stopping = false;
/** While a sample is taken the callers wait here, so every sample sees nothing in flight (less noise). */
let pause;
let inFlight = 0;
let drained;

/** The mix, by turn: 6 reads of one invoice, 2 list pages, 1 create followed by a delete of what it made. */
const OPERATIONS = [
  ['get', 6, getOne],
  ['list', 2, listPage],
  ['create+delete', 1, createAndDelete],
].flatMap(([name, weight, fn]) => Array.from({ length: weight }, () => [name, fn]));

async function getOne(n) {
  const id = ids[n % ids.length];
  const invoice = await call(() => books.invoices.get(id));
  expect(invoice?.invoice_id === id, 'get answered another invoice');
}

async function listPage(n) {
  const page = await call(() => books.invoices.list({ per_page: 25, page: 1 + (n % 10) }));
  expect(page.items.length === 25, `list page had ${page.items.length} items`);
}

async function createAndDelete() {
  const created = await call(() =>
    books.invoices.create({ customer_id: customerId, line_items: [{ name: 'Load', rate: 1, quantity: 1 }] }),
  );
  expect(typeof created?.invoice_id === 'string', 'create answered no invoice_id');
  await call(() => books.invoices.delete(created.invoice_id));
}

/** One client call is one HTTP request (the parent checks the emulator saw exactly as many). */
function call(fn) {
  counts.calls++;
  return fn();
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function caller(index) {
  const last = config.operations ?? Number.POSITIVE_INFINITY;
  for (let n = index; !stopping && n < last; n += config.concurrency) {
    if (pause) await pause.promise;
    if (stopping) break;
    const [name, fn] = OPERATIONS[n % OPERATIONS.length];
    counts.byOperation[name] = (counts.byOperation[name] ?? 0) + 1;
    inFlight++;
    try {
      await fn(n);
      counts.ok++;
    } catch (error) {
      counts.failed++;
      const key = `${name}: ${error?.name ?? 'Error'}: ${String(error?.message ?? error).slice(0, 120)}`;
      counts.errors[key] = (counts.errors[key] ?? 0) + 1;
    } finally {
      if (--inFlight === 0) drained?.();
    }
  }
}

/** Holds the callers, lets the calls in flight finish, samples after a full GC, lets the callers go on. */
async function quietSample(start) {
  if (pause || stopping) return;
  let release;
  pause = { promise: new Promise((resolve) => (release = resolve)) };
  if (inFlight > 0) await new Promise((resolve) => (drained = resolve));
  drained = undefined;
  await sample(start);
  pause = undefined;
  release();
}

async function sample(start) {
  // V8 frees the memory of dead ArrayBuffers in the background after a GC: give it a turn, then collect again.
  gc();
  await new Promise((resolve) => setTimeout(resolve, 5));
  gc();
  const m = process.memoryUsage();
  samples.push({
    ms: Date.now() - start,
    calls: counts.calls,
    heapUsed: m.heapUsed,
    external: m.external,
    rss: m.rss,
  });
}

try {
  const start = Date.now();
  await sample(start);
  const sampler = setInterval(() => quietSample(start), config.sampleMs);
  const stop = config.operations
    ? undefined
    : setTimeout(() => {
        stopping = true;
      }, config.seconds * 1000);
  await Promise.all(Array.from({ length: config.concurrency }, (_, i) => caller(i)));
  const ms = Date.now() - start;
  clearInterval(sampler);
  clearTimeout(stop);
  await sample(start);
  await books.close();
  process.send({ type: 'done', report: { ...counts, ms, samples, pid: process.pid } });
} catch (error) {
  process.send({ type: 'done', error: error instanceof Error ? error.stack : String(error) });
}
