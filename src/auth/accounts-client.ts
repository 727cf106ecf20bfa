import { fullJitterMs } from '../core/backoff.js';
import { type Clock, systemClock } from '../core/clock.js';
import { resolveAccounts } from '../core/config.js';
import { describeAccountsUrl } from '../core/data-centres.js';
import { NetworkError, RedirectRefusedError, redirectOrigin } from '../core/errors.js';
import type { FetchLike } from '../core/fetch-like.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { classifyNetworkFailure, describeFailureCode, failureCause } from '../core/network-failure.js';
import { SecretRegistry } from '../core/redact.js';
import { type GrantResult, type GrantType, parseTokenResponse } from './token-response.js';

export type { FetchLike } from '../core/fetch-like.js';

export interface AccountsClientOptions {
  clientId: string;
  clientSecret: string;
  /** One of the two: the accounts server's URL wins over a data-centre id. */
  accountsUrl?: string;
  dc?: string;
  fetch?: FetchLike;
  clock?: Clock;
  /** The backoff's jitter. Default Math.random. */
  random?: () => number;
  /** Per request. Default 15 s. */
  timeoutMs?: number;
  /** Extra attempts on network errors and 5xx (never for grant codes once sent). Default 2. */
  maxRetries?: number;
  /** How long a throttled caller is told to wait. Default 60 s. */
  throttleRetryMs?: number;
  userAgent?: string;
  /** Debug lines (redacted) for every request; warnings. */
  logger?: Logger;
  /**
   * Learns every secret this client handles (client secret, grant codes, refresh and access tokens) and
   * redacts them from its errors and log lines. Share one with the rest of the program (the CLI does) so
   * that whatever prints server text knows them all. Default: a new one.
   */
  secrets?: SecretRegistry;
}

const DEFAULTS = {
  timeoutMs: 15_000,
  maxRetries: 2,
  throttleRetryMs: 60_000,
  backoffBaseMs: 250,
  backoffCapMs: 4_000,
};

/**
 * Stateless calls to a Zoho accounts server (REFERENCE §2). Secrets travel only in form-encoded bodies, never
 * in the URL, and never appear in an error.
 */
export class AccountsClient {
  readonly accountsUrl: string;
  readonly clientId: string;
  readonly #clientSecret: string;
  readonly #fetch: FetchLike;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #opts: typeof DEFAULTS & { userAgent: string };
  readonly #fallbackApiDomain: string;
  readonly #log: Logger;
  /** The secrets this client learnt, shared with whoever passed the registry in. */
  readonly secrets: SecretRegistry;

  constructor(options: AccountsClientOptions) {
    const location = resolveAccounts(options);
    this.accountsUrl = location.accountsUrl;
    this.clientId = options.clientId;
    this.secrets = options.secrets ?? new SecretRegistry();
    this.#clientSecret = this.secrets.add(options.clientSecret);
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#fallbackApiDomain = location.dc?.apiDomain ?? this.accountsUrl;
    this.#log = options.logger ?? silentLogger;
    this.#opts = {
      ...DEFAULTS,
      ...definedOnly({
        timeoutMs: options.timeoutMs,
        maxRetries: options.maxRetries,
        throttleRetryMs: options.throttleRetryMs,
      }),
      userAgent: options.userAgent ?? 'zbooks',
    };
  }

  /** Exchanges a Self Client grant code, once, for a refresh token and a first access token. */
  exchangeGrantCode(code: string): Promise<GrantResult & { refreshToken: string }> {
    return this.#token('authorization_code', { code }, [code]).then((result) => {
      if (!result.refreshToken) {
        throw new NetworkError(
          `The accounts server ${describeAccountsUrl(this.accountsUrl)} exchanged the code but sent no refresh token.`,
          'Generate a new code and try again; if it persists, the server is not behaving like Zoho.',
          { reason: 'no_refresh_token' },
        );
      }
      return result as GrantResult & { refreshToken: string };
    });
  }

  /** Mints an access token from a refresh token. */
  refresh(refreshToken: string): Promise<GrantResult> {
    return this.#token('refresh_token', { refresh_token: refreshToken }, [refreshToken]);
  }

  /** The Self Client's client_credentials grant: a token for one organization, no refresh token. */
  clientCredentials(scope: string, organizationId: string): Promise<GrantResult> {
    return this.#token('client_credentials', { scope, soid: `ZohoBooks.${organizationId}` }, []);
  }

  /**
   * Revokes a refresh token (and every access token minted from it) or one access token.
   * Answers `false` when Zoho did not know the token (already revoked).
   */
  async revoke(token: string): Promise<boolean> {
    const { status, text } = await this.#post('/oauth/v2/token/revoke', { token }, 'revoke', [token]);
    if (status === 400) return false;
    if (status >= 200 && status < 300 && /"success"/.test(text)) return true;
    // Same classification as the token endpoint: errors, HTML, empty bodies.
    parseTokenResponse(status, text, this.#context('revoke', [token]));
    return true;
  }

  async #token(
    grantType: GrantType,
    params: Record<string, string>,
    secrets: string[],
  ): Promise<GrantResult> {
    const form = {
      grant_type: grantType,
      client_id: this.clientId,
      client_secret: this.#clientSecret,
      ...params,
    };
    const { status, text, receivedAt } = await this.#post('/oauth/v2/token', form, grantType, secrets);
    const result = parseTokenResponse(status, text, { ...this.#context(grantType, secrets), receivedAt });
    // Learnt as soon as they exist: any message printed from now on must hide them.
    this.secrets.add(result.accessToken);
    this.secrets.add(result.refreshToken);
    return result;
  }

  #context(grantType: GrantType, secrets: string[]) {
    return {
      grantType,
      accountsUrl: this.accountsUrl,
      clientId: this.clientId,
      receivedAt: this.#clock.now(),
      fallbackApiDomain: this.#fallbackApiDomain,
      throttleRetryMs: this.#opts.throttleRetryMs,
      secrets: [...this.secrets, ...secrets],
    };
  }

  async #post(path: string, form: Record<string, string>, grantType: GrantType, secrets: string[]) {
    const url = `${this.accountsUrl}${path}`;
    const where = describeAccountsUrl(this.accountsUrl);
    for (const secret of secrets) this.secrets.add(secret);
    // A grant code is single-use: once it may have reached Zoho, a resend can only fail with invalid_code.
    const singleUse = grantType === 'authorization_code';
    for (let attempt = 0; ; attempt++) {
      const retriesLeft = attempt < this.#opts.maxRetries;
      let response: Response;
      const body = new URLSearchParams(form).toString();
      const started = Date.now();
      const trace = (outcome: string) =>
        this.#log.debug?.(
          this.secrets.redact(`POST ${url} ${body} -> ${outcome} in ${Date.now() - started} ms`, secrets),
        );
      try {
        response = await this.#fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
            'user-agent': this.#opts.userAgent,
          },
          body,
          // A redirect would resend the client secret and the grant to another host: see #refuseRedirect.
          redirect: 'manual',
          signal: AbortSignal.timeout(this.#opts.timeoutMs),
        });
      } catch (cause) {
        const failure = classifyNetworkFailure(cause);
        const { code, sent } = failure;
        trace(code);
        if (retriesLeft && (!singleUse || sent === 'no')) {
          await this.#backoff(attempt);
          continue;
        }
        throw new NetworkError(
          `Could not reach the accounts server ${where} (${code === 'TIMEOUT' ? 'no answer in time' : describeFailureCode(code)}).`,
          code === 'TIMEOUT'
            ? `It did not answer within ${this.#opts.timeoutMs / 1000} s; check the network and try again.`
            : 'Check the network, a proxy, and the accounts URL / data centre.',
          {
            reason: code.toLowerCase(),
            cause: failureCause(failure, redactedMessage(cause, this.secrets, secrets)),
          },
        );
      }
      const text = await response.text().catch(() => '');
      trace(`HTTP ${response.status}`);
      this.#refuseRedirect(response, url, path);
      if (response.status >= 500 && retriesLeft && !singleUse) {
        await this.#backoff(attempt);
        continue;
      }
      return { status: response.status, text, receivedAt: this.#clock.now() };
    }
  }

  /**
   * Any 3xx, or a response an injected fetch reached by following one anyway, is refused: the secrets in
   * this request must reach only the configured accounts server, and a token minted elsewhere is no token.
   */
  #refuseRedirect(response: Response, url: string, path: string): void {
    const followed = response.redirected === true;
    if (!followed && (response.status < 300 || response.status > 399)) return;
    const offered = followed
      ? redirectOrigin(response.url, url)
      : redirectOrigin(response.headers.get('location'), url);
    throw new RedirectRefusedError(
      `The accounts server ${describeAccountsUrl(this.accountsUrl)} answered POST ${path} with a redirect${followed ? '' : ` (HTTP ${response.status})`} to ${offered}; zbooks does not follow redirects with secrets.`,
      'A proxy, a captive portal or a wrong accounts URL answered instead of Zoho. Check ZOHO_ACCOUNTS_URL / ZOHO_DC and any proxy; if the accounts server really moved, configure its new URL (https) explicitly.',
      { status: response.status, reason: 'redirect_refused', offeredOrigin: offered },
    );
  }

  /** Full jitter, capped exponential backoff (so a fleet does not retry in lock-step). */
  #backoff(attempt: number): Promise<void> {
    const { backoffBaseMs, backoffCapMs } = this.#opts;
    return this.#clock.sleep(fullJitterMs(attempt + 1, backoffBaseMs, backoffCapMs, this.#random));
  }
}

/** Keeps a cause for --debug without keeping anything that could echo a secret. */
function redactedMessage(error: unknown, registry: SecretRegistry, extra: string[]): string {
  return registry.redact(error instanceof Error ? error.message : String(error), extra);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
