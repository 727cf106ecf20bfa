// Child of bench/books.js: streams every invoice of an organization (per_page 200) and reports its own peak
// RSS, sampled while it streams, so the emulator's memory (in the parent) is not counted. argv[2] says how:
// `zbooks` (for await over books.invoices.list()), `fetch` or `undici` (the same pages by hand, JSON.parse).
// "Before" is taken warm, after the first page and a full GC: what loading the transport costs is not
// streaming's cost.
import { TokenProvider, ZohoBooks } from '../dist/index.js';

const mode = process.argv[2] ?? 'zbooks';
const { credential, organizationId } = JSON.parse(process.env.BOOKS_STREAM ?? '{}');
const provider = new TokenProvider(credential);

/** Pages as an async iterable of records, for the raw modes: the loop every hand-written client has. */
async function* rawRecords(getJson) {
  const { accessToken, apiDomain } = await provider.getToken();
  const headers = { authorization: `Zoho-oauthtoken ${accessToken}`, accept: 'application/json' };
  for (let page = 1; ; page++) {
    const url = `${apiDomain}/books/v3/invoices?organization_id=${organizationId}&per_page=200&page=${page}`;
    const body = await getJson(url, headers);
    if (body.code !== 0) throw new Error(`page ${page}: ${body.message}`);
    yield* body.invoices;
    if (!body.page_context?.has_more_page) return;
  }
}

async function source() {
  if (mode === 'fetch') {
    return {
      records: rawRecords(async (url, headers) => JSON.parse(await (await fetch(url, { headers })).text())),
      close: async () => {},
    };
  }
  if (mode === 'undici') {
    const { request } = await import('undici');
    return {
      records: rawRecords(async (url, headers) =>
        JSON.parse(await (await request(url, { headers })).body.text()),
      ),
      close: async () => {},
    };
  }
  const books = new ZohoBooks({ auth: provider, organizationId, rateLimit: { limit: 1e9 } });
  return { records: books.invoices.list(), close: () => books.close() };
}

try {
  const { records: stream, close } = await source();
  const iterator = stream[Symbol.asyncIterator]();
  const start = Date.now();
  let records = 0;
  if (!(await iterator.next()).done) records++; // the first page: transport loaded, connection open
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    if (++records % 200 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  clearInterval(sampler);
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  await close();
  process.send({
    mode,
    records,
    pages: Math.ceil(records / 200),
    before,
    peak,
    heapAfter,
    ms: Date.now() - start,
  });
} catch (error) {
  process.send({ error: error instanceof Error ? error.message : String(error) });
}
