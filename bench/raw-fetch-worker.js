// Child of bench/moved.js: the baseline of the load measure. Bare fetch + JSON.parse of GET /invoices/{id}
// with N callers for a fixed time, in its own process like the load test's client, so both runs have the
// emulator in the parent and the caller in a child. Prints calls per second.
const { urls, token, seconds, concurrency } = JSON.parse(process.env.RAW_FETCH ?? '{}');
const headers = { authorization: `Zoho-oauthtoken ${token}` };
let calls = 0;
const started = performance.now();
const until = started + seconds * 1000;
await Promise.all(
  Array.from({ length: concurrency }, async (_, index) => {
    for (let n = index; performance.now() < until; n += concurrency) {
      const body = JSON.parse(await (await fetch(urls[n % urls.length], { headers })).text());
      if (body.code !== 0) throw new Error(`raw call failed: ${body.message}`);
      calls++;
    }
  }),
);
process.stdout.write(`${calls / ((performance.now() - started) / 1000)}\n`);
