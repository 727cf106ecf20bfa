// Child of bench/books.js: streams every invoice of an organization with `for await` and reports its own peak
// RSS, sampled while it streams, so the emulator's memory (in the parent) is not counted.
import { TokenProvider, ZohoBooks } from '../dist/index.js';

const { credential, organizationId } = JSON.parse(process.env.BOOKS_STREAM ?? '{}');
const books = new ZohoBooks({
  auth: new TokenProvider(credential),
  organizationId,
  rateLimit: { limit: 1e9 },
});
try {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const start = Date.now();
  let records = 0;
  for await (const _invoice of books.invoices.list()) {
    if (++records % 200 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const pages = Math.ceil(records / 200);
  clearInterval(sampler);
  await books.close();
  process.send({ records, pages, before, peak, ms: Date.now() - start });
} catch (error) {
  process.send({ error: error instanceof Error ? error.message : String(error) });
}
