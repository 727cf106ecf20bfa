/** Latency buckets in seconds: loopback calls take under a millisecond, Zoho's slow exports many seconds. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

class Histogram {
  readonly counts = new Array<number>(BUCKETS.length).fill(0);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    for (let i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }

  render(name: string, labels: string, out: string[]): void {
    let cumulative = 0;
    const sep = labels ? `${labels},` : '';
    for (let i = 0; i < BUCKETS.length; i++) {
      cumulative += this.counts[i]!;
      out.push(`${name}_bucket{${sep}le="${BUCKETS[i]}"} ${cumulative}`);
    }
    out.push(`${name}_bucket{${sep}le="+Inf"} ${this.count}`);
    const braces = labels ? `{${labels}}` : '';
    out.push(`${name}_sum${braces} ${this.sum}`, `${name}_count${braces} ${this.count}`);
  }
}

/**
 * The gateway's Prometheus metrics, kept per instance and rendered in the text format. Label values are
 * operation ids, statuses, key names and reasons the gateway chose: never anything a token could hide in.
 */
export class Metrics {
  tokensServed = 0;
  tokenErrors = 0;
  tokenRefreshes = 0;
  tokenThrottles = 0;
  booksThrottles = 0;
  limitWaitSeconds = 0;
  queueDepth = 0;
  inFlight = 0;
  readonly #calls = new Map<string, number>();
  readonly #refused = new Map<string, number>();
  readonly #latency = new Map<string, Histogram>();
  readonly #upstream = new Histogram();

  call(operation: string, status: number, seconds: number): void {
    const key = `operation="${operation}",status="${status}"`;
    this.#calls.set(key, (this.#calls.get(key) ?? 0) + 1);
    let h = this.#latency.get(operation);
    if (!h) {
      h = new Histogram();
      this.#latency.set(operation, h);
    }
    h.observe(seconds);
  }

  upstreamLatency(seconds: number): void {
    this.#upstream.observe(seconds);
  }

  refused(reason: string): void {
    this.#refused.set(reason, (this.#refused.get(reason) ?? 0) + 1);
  }

  render(extra: { tokensMinted: number; cacheHits: number }): string {
    const out: string[] = [];
    const gauge = (name: string, help: string, type: string, value: number) =>
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
    gauge(
      'zbooks_tokens_minted_total',
      'Access tokens this process obtained from Zoho.',
      'counter',
      extra.tokensMinted,
    );
    gauge(
      'zbooks_token_cache_hits_total',
      'Token requests answered without asking Zoho.',
      'counter',
      extra.cacheHits,
    );
    gauge('zbooks_token_endpoint_total', 'Tokens handed out on /v1/token.', 'counter', this.tokensServed);
    gauge('zbooks_token_errors_total', 'Calls that could not get a token.', 'counter', this.tokenErrors);
    gauge(
      'zbooks_token_throttles_total',
      'Times Zoho throttled token requests.',
      'counter',
      this.tokenThrottles,
    );
    gauge(
      'zbooks_books_throttles_total',
      'HTTP 429 answers from Zoho (each paused the organization).',
      'counter',
      this.booksThrottles,
    );
    gauge(
      'zbooks_limit_wait_seconds_total',
      'Time calls waited for the organization limit.',
      'counter',
      this.limitWaitSeconds,
    );
    gauge('zbooks_queue_depth', 'Calls waiting for the organization limit now.', 'gauge', this.queueDepth);
    gauge('zbooks_in_flight', 'Proxied calls in progress now.', 'gauge', this.inFlight);
    out.push('# HELP zbooks_books_calls_total Proxied Books calls by operation and status.');
    out.push('# TYPE zbooks_books_calls_total counter');
    for (const [labels, n] of this.#calls) out.push(`zbooks_books_calls_total{${labels}} ${n}`);
    out.push('# HELP zbooks_refused_total Calls refused by the gateway before reaching Zoho, by reason.');
    out.push('# TYPE zbooks_refused_total counter');
    for (const [reason, n] of this.#refused) out.push(`zbooks_refused_total{reason="${reason}"} ${n}`);
    out.push('# HELP zbooks_call_duration_seconds Proxied call latency, queueing included.');
    out.push('# TYPE zbooks_call_duration_seconds histogram');
    for (const [op, h] of this.#latency) h.render('zbooks_call_duration_seconds', `operation="${op}"`, out);
    out.push('# HELP zbooks_upstream_duration_seconds Time to Zoho response headers.');
    out.push('# TYPE zbooks_upstream_duration_seconds histogram');
    this.#upstream.render('zbooks_upstream_duration_seconds', '', out);
    return `${out.join('\n')}\n`;
  }
}
