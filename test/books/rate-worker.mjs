// One process of the two-process rate-limit test (test/books/two-processes.test.ts): fires `calls` requests
// at once for one organization through the built client (dist/) and reports each outcome to its parent.
import { TokenProvider, ZohoBooks } from '../../dist/index.js';

const config = JSON.parse(process.env.RATE_WORKER ?? '{}');
const provider = new TokenProvider(config.credential);
const books = new ZohoBooks({
  auth: provider,
  organizationId: config.organizationId,
  ...(config.redis ? { redis: config.redis } : {}),
  // A generous timeout per Redis call: on a loaded machine a slow answer from Redis is not the failure under
  // test, yet it falls back to local limiting with a warning (the default is short, to notice a dead Redis).
  rateLimit: { keyPrefix: config.keyPrefix, redisTimeoutMs: 10_000 },
  logger: { warn: (message) => process.send({ warning: message }) },
});

process.on('message', async (message) => {
  if (message !== 'go') return;
  await Promise.all(
    Array.from({ length: config.calls }, async () => {
      try {
        await books.request('GET', '/contacts');
        process.send({ ok: true });
      } catch (error) {
        process.send({ ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
});
// Ready once the token is in hand, so both processes start their calls together.
await provider.getToken();
process.send({ ready: true });
