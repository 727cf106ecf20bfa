// The chaos run's verdict (what must hold, and that every kind of fault really happened) and its table.

/** Token requests that neither minted nor were throttled: the failing token endpoint was met. */
const tokenFailures = (s) => s.tokens.requests - s.tokens.minted - s.tokens.throttled > 0;

const dropped = (s) =>
  Object.entries(s.observed.failures)
    .filter(([code]) => code !== 'TimeoutError')
    .reduce((n, [, count]) => n + count, 0);

/** Faults that must have been injected, and what shows they took effect. */
const EVIDENCE = {
  'books 5xx': (s) => (s.observed.status['503'] ?? 0) > 0,
  'books 502 html': (s) => (s.observed.status['502'] ?? 0) > 0,
  'latency spike': (s) => s.observed.slow > 0,
  'timeout after change (POST)': (s) => (s.observed.failures.TimeoutError ?? 0) > 0,
  'drop before change (POST)': (s) => dropped(s) > 0,
  'drop after change (POST)': (s) => s.check.unknownExisting + s.check.changes.unknownApplied > 0,
  'drop after change (PUT)': (s) => dropped(s) > 0,
  'drop (GET)': (s) => dropped(s) > 0,
  // The injected 429s ask for 60 s; those of the emulator's real in-flight cap for 1 s.
  '429 burst': (s) => (s.observed.status['429 (Retry-After 60)'] ?? 0) > 0,
  'limits squeezed': (s) => (s.observed.status['429 (Retry-After 1)'] ?? 0) > 0,
  'read burst': (s) => s.observed.reads > 0,
  'token revoked': (s) => s.tokens.revocations > 0 && s.tokens.books401 > 0,
  'token evicted': (s) => s.tokens.evicted > 0,
  'token endpoint throttled': (s) => s.tokens.throttled > 0,
  'token endpoint 5xx': tokenFailures,
  'token endpoint dropped': tokenFailures,
  'redis restarted': () => true,
  'redis down 3 s': (s) =>
    Object.keys(s.warnings).some((w) => /token store .* failed|rate limit in Redis failed/.test(w)),
  'lock holder killed': (s) => s.killed > 0,
};

export function verdict(s) {
  const c = s.check;
  const failures = [];
  const must = (ok, what) => {
    if (!ok) failures.push(what);
  };
  must(c.lost + c.changes.lost === 0, `lost: ${c.lost} records, ${c.changes.lost} changes`);
  must(c.duplicated === 0, `duplicated: ${c.duplicated}`);
  must(
    c.misreported + c.changes.misreported === 0,
    `reported failed but applied: ${c.misreported + c.changes.misreported}`,
  );
  must(c.unexpected === 0, `records nobody intended: ${c.unexpected}`);
  must(c.unresolved === 0, `intents without an outcome: ${c.unresolved}`);
  must(s.crashes.length === 0, `crashes: ${s.crashes.map((x) => x.name).join(', ')}`);
  must(s.untyped.length === 0, `untyped errors: ${s.untyped.length}`);
  must(s.tokens.maxMintsInWindow <= s.tokens.mintLimit, `mints in one window: ${s.tokens.maxMintsInWindow}`);
  must(
    s.tokens.throttled <= s.tokens.injectedThrottles,
    `Access Denied beyond the injected: ${s.tokens.throttled}`,
  );
  must(s.eventFailures.length === 0, `schedule events failed: ${s.eventFailures.join('; ')}`);
  must(c.intended > 0, 'no writes were made');
  for (const [kind, evident] of Object.entries(EVIDENCE)) {
    if (!s.injected[kind]) failures.push(`fault never injected: ${kind}`);
    else if (!evident(s)) failures.push(`fault injected but no effect seen: ${kind}`);
  }
  return { ok: failures.length === 0, failures };
}

const byName = (counts) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => [`    ${name}`, n]);

export function formatSummary(s) {
  const c = s.check;
  const t = s.tokens;
  const o = s.observed;
  const rows = [
    ['Records (create contact / invoice)', ''],
    ['  intended writes', c.intended],
    ['  confirmed (exist exactly once)', c.confirmed],
    ['  outcome unknown: existing / not existing', `${c.unknownExisting} / ${c.unknownMissing}`],
    ['  in flight when killed: existing / not existing', `${c.killedExisting} / ${c.killedMissing}`],
    ['  failed with a typed error (none exist)', c.failed],
    ...byName(c.failedBy),
    ['  LOST', c.lost],
    ['  DUPLICATED', c.duplicated],
    ['  reported failed yet applied', c.misreported],
    ['  records nobody intended', c.unexpected],
    ['Changes (update contact, mark invoice sent)', ''],
    ['  intended / confirmed', `${c.changes.intended} / ${c.changes.confirmed}`],
    [
      '  outcome unknown (applied) / failed',
      `${c.changes.unknown} (${c.changes.unknownApplied}) / ${c.changes.failed}`,
    ],
    ...byName(c.changes.failedBy),
    ['  LOST / reported failed yet applied', `${c.changes.lost} / ${c.changes.misreported}`],
    ['Processes', ''],
    ['  workers started (replacements included)', s.workers],
    ['  killed on schedule', s.killed],
    ['  CRASHES (exits, uncaught, unhandled rejections)', s.crashes.length],
    ['  untyped errors', s.untyped.length],
    ['Reads (list, get): ok / failed', `${o.readsOk} / ${o.reads - o.readsOk}`],
    ...byName(o.readErrors),
    ['Tokens', ''],
    ['  token requests / minted', `${t.requests} / ${t.minted}`],
    ['  "Access Denied" answers / injected throttles', `${t.throttled} / ${t.injectedThrottles}`],
    ['  most mints in one window / limit', `${t.maxMintsInWindow} / ${t.mintLimit}`],
    ['  revoked / evicted early', `${t.revocations} / ${t.evicted}`],
    ['Books', ''],
    ['  requests', t.booksRequests],
    ['  401 answers', t.books401],
    ['  429 answers (injected and real)', t.books429],
    ['Faults injected (by kind)', ''],
    ...Object.entries(s.injected)
      .sort()
      .map(([kind, n]) => [`  ${kind}`, n]),
    ['Seen on the wire by the workers', ''],
    ...Object.entries(o.status)
      .filter(([status]) => status !== '200' && status !== '201')
      .sort()
      .map(([status, n]) => [`  HTTP ${status}`, n]),
    ...Object.entries(o.failures)
      .sort()
      .map(([code, n]) => [`  ${code}`, n]),
    ['  answers slower than 1 s', o.slow],
    ['Wall time', `${(s.wallMs / 1000).toFixed(1)} s (faults for ${s.durationMs / 1000} s)`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
  const warnings = Object.entries(s.warnings).sort((a, b) => b[1] - a[1]);
  if (warnings.length) {
    lines.push('', 'Library warnings (count, text):');
    for (const [text, n] of warnings.slice(0, 12))
      lines.push(`  ${String(n).padStart(4)}  ${text.slice(0, 160)}`);
  }
  for (const crash of s.crashes)
    lines.push('', `CRASH ${crash.name}: ${JSON.stringify(crash).slice(0, 2_000)}`);
  for (const u of s.untyped.slice(0, 5)) lines.push('', `UNTYPED: ${JSON.stringify(u).slice(0, 1_000)}`);
  for (const p of s.check.problems.slice(0, 20)) lines.push(`PROBLEM ${p}`);
  lines.push('', s.verdict.ok ? 'PASS: nothing lost, nothing duplicated, no crash.' : 'FAIL:');
  for (const f of s.verdict.failures) lines.push(`  - ${f}`);
  return lines.join('\n');
}
