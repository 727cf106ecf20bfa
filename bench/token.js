// The token benchmark, in one process against the emulator on loopback (Zoho's limits on):
// (1) the hot path: `getToken()` of zbooks with a cached token (memory store) against the cached path of the
// helper people copy (naive-token.js, REFERENCE §7), interleaved in rounds so machine noise hits both alike;
// (2) the cold path: N concurrent callers on an empty cache, each approach on a fresh emulator: how many token
// requests reach Zoho, how many Zoho throttles, how many callers are left without a token.
import { parseArgs } from 'node:util';
import { startEmulator } from '../dist/emulator/index.js';
import { TokenProvider } from '../dist/index.js';

export const description =
  'getToken(): cached hot path vs the copied helper (ns/call); N cold callers → token requests';

/** A fresh copy of the helper's module, so its module-level cache starts empty (the URL is the cache key). */
const freshNaive = (tag) => import(`./naive-token.js?${tag}`);

export async function run(args, { print = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const { values } = parseArgs({
    args,
    options: {
      calls: { type: 'string', default: '200000' },
      rounds: { type: 'string', default: '10' },
      callers: { type: 'string', default: '50' },
    },
  });
  const hot = await measureHot(Number(values.calls), Number(values.rounds));
  const cold = {
    zbooks: await measureCold('zbooks', Number(values.callers)),
    naive: await measureCold('naive', Number(values.callers)),
  };
  const result = { name: 'token', hot, cold };

  print('token: zbooks TokenProvider vs the copied helper (REFERENCE §7), emulator on loopback');
  print(
    `\n1. Hot path, cached token, ${hot.rounds} interleaved rounds of ${hot.callsPerRound} awaited calls:`,
  );
  print(`   copied helper getAccessToken(): ${hot.naiveNs.toFixed(0)} ns/call (median round)`);
  print(`   zbooks provider.getToken():     ${hot.zbooksNs.toFixed(0)} ns/call (median round)`);
  print(`   ratio zbooks / copied:          ${hot.ratio.toFixed(2)}×`);
  print(`   token requests during the rounds: ${hot.tokenRequestsDuring}`);
  print(`\n2. Cold path, ${cold.zbooks.callers} concurrent callers on an empty cache (Zoho's limits on):`);
  for (const [label, r] of [
    ['copied helper', cold.naive],
    ['zbooks       ', cold.zbooks],
  ]) {
    print(
      `   ${label}  token requests ${r.tokenRequests}, throttled ${r.throttled}, ` +
        `callers without a token ${r.withoutToken}, distinct tokens ${r.distinctTokens}, ${r.ms.toFixed(0)} ms`,
    );
  }
  return result;
}

async function measureHot(calls, rounds) {
  const emu = await startEmulator({ port: 0 });
  try {
    const credential = await exchange(emu);
    const provider = new TokenProvider(credential);
    const naive = await freshNaive('hot');
    const c = { ...credential, now: () => Date.now() };
    const zbooksCall = () => provider.getToken();
    const naiveCall = () => naive.getAccessToken(c);
    // Fill both caches and check each gives a token, then warm the JIT on both paths.
    if (!(await zbooksCall()).accessToken || !(await naiveCall())) throw new Error('no token to start with');
    await loop(zbooksCall, Math.min(calls, 50_000));
    await loop(naiveCall, Math.min(calls, 50_000));
    const before = emu.stats().token_requests;
    const times = { zbooks: [], naive: [] };
    for (let round = 0; round < rounds; round++) {
      // Alternate which goes first, so neither always runs on a warmer or a colder machine.
      const order = round % 2 ? ['naive', 'zbooks'] : ['zbooks', 'naive'];
      for (const name of order) {
        times[name].push((await loop(name === 'zbooks' ? zbooksCall : naiveCall, calls)) / calls);
      }
    }
    const zbooksNs = median(times.zbooks);
    const naiveNs = median(times.naive);
    return {
      rounds,
      callsPerRound: calls,
      zbooksNs,
      naiveNs,
      ratio: zbooksNs / naiveNs,
      tokenRequestsDuring: emu.stats().token_requests - before,
    };
  } finally {
    await emu.close();
  }
}

/** Nanoseconds for `n` awaited calls, one after the other. */
async function loop(call, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await call();
  return Number(process.hrtime.bigint() - start);
}

async function measureCold(approach, callers) {
  const emu = await startEmulator({ port: 0 });
  try {
    const credential = await exchange(emu);
    const before = emu.stats();
    let call;
    if (approach === 'zbooks') {
      const provider = new TokenProvider(credential);
      call = async () => (await provider.getToken()).accessToken;
    } else {
      const naive = await freshNaive('cold');
      const c = { ...credential, now: () => Date.now() };
      call = () => naive.getAccessToken(c);
    }
    const start = process.hrtime.bigint();
    const tokens = await Promise.all(Array.from({ length: callers }, () => call().catch(() => undefined)));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const after = emu.stats();
    const usable = tokens.filter((t) => typeof t === 'string' && t.length > 0);
    return {
      approach,
      callers,
      tokenRequests: after.token_requests - before.token_requests,
      throttled: after.throttled - before.throttled,
      withoutToken: callers - usable.length,
      distinctTokens: new Set(usable).size,
      ms,
    };
  } finally {
    await emu.close();
  }
}

/** A Self Client whose grant code is exchanged once, as after `zbooks auth login`. */
async function exchange(emu) {
  const seed = emu.seedLoggedIn();
  return {
    accountsUrl: seed.accounts_url,
    clientId: seed.client_id,
    clientSecret: seed.client_secret,
    refreshToken: seed.refresh_token,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
