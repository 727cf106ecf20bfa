import type { AccessToken } from '../../../auth/token-response.js';
import type { ZohoBooks } from '../../../books/zoho-books.js';
import { resolveAccounts } from '../../../core/config.js';
import { dcByApiDomain } from '../../../core/data-centres.js';
import { isZbooksError } from '../../../core/errors.js';
import { parseScopes, scopeCovers } from '../../../core/scopes.js';
import { openBooks } from '../../books-client.js';
import type { RunContext } from '../../context.js';
import { EXIT, exitCodeFor } from '../../output.js';
import type { ResolvedSettings } from '../../settings.js';

interface Check {
  ok: boolean;
  title: string;
  detail: string;
  fix?: string;
  exit?: number;
}

/** What common commands need, to compare with the scopes the token was granted. */
const COMMON_NEEDS: [string, string][] = [
  ['ZohoBooks.settings.READ', 'zbooks orgs, login verification'],
  ['ZohoBooks.invoices.READ', 'zbooks invoices list / export invoices'],
  ['ZohoBooks.contacts.READ', 'zbooks contacts list'],
  ['ZohoBooks.invoices.CREATE', 'zbooks invoices create'],
];

const SKEW_LIMIT_MS = 60_000;

/** `zbooks doctor`: every link from configuration to a Books call, each with a fix when it fails. */
export interface DoctorOptions {
  profile?: string;
}

/** The exit code is the first failed check's (the kind of failure), 0 when all pass. */
export async function run(options: DoctorOptions, ctx: RunContext): Promise<number> {
  const checks: Check[] = [];
  const settings = await ctx.settings({ profile: options.profile });
  checks.push(configurationCheck(settings));
  if (!checks[0]!.ok) return report(ctx, checks);

  const provider = await ctx.provider(settings);
  const books = await openBooks(ctx, settings, provider);
  let token: AccessToken;
  try {
    token = await provider.getToken();
    ctx.addSecret(token.accessToken);
    checks.push({
      ok: true,
      title: 'Token',
      detail: `valid until ${new Date(token.expiresAt).toISOString()} (${provider.store.description} store)`,
    });
  } catch (error) {
    checks.push(failure('Token', error));
    return report(ctx, checks);
  }
  checks.push(dataCentreCheck(settings, token));
  checks.push(scopeCheck(token));
  const org = await organizationCheck(books, settings);
  checks.push(org.check);
  if (org.id) checks.push(...(await serverChecks(books, org.id)));
  return report(ctx, checks);
}

function configurationCheck(settings: ResolvedSettings): Check {
  const { sources, values } = settings;
  const missing = (['clientId', 'clientSecret', 'refreshToken'] as const).filter((k) => !values[k]);
  if (!values.dc && !values.accountsUrl) missing.push('dc' as never);
  const from = [
    ...new Set(Object.values(sources).map((s) => s!.replace(/ \(.*\)$/, '').replace(/ [A-Z_]+$/, ''))),
  ].join(', ');
  if (missing.length > 0) {
    return {
      ok: false,
      title: 'Configuration',
      detail: `missing ${missing.join(', ')} (profile "${settings.profileName}")`,
      fix: 'Run `zbooks auth login`, or set ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN and ZOHO_DC.',
      exit: EXIT.usage,
    };
  }
  return {
    ok: true,
    title: 'Configuration',
    detail: `profile "${settings.profileName}", values from ${from || 'defaults'}`,
  };
}

/** A Self Client's tokens work only at its data centre's API domain. */
function dataCentreCheck(settings: ResolvedSettings, token: AccessToken): Check {
  const accounts = resolveAccounts(settings.values);
  const apiDc = dcByApiDomain(token.apiDomain);
  if (accounts.dc && apiDc && accounts.dc.id !== apiDc.id) {
    return {
      ok: false,
      title: 'Data centre',
      detail: `accounts server ${accounts.dc.id} but api_domain ${apiDc.id} (${token.apiDomain})`,
      fix: 'Log in again at the data centre where the Self Client was created (`zbooks auth login --dc auto`).',
      exit: EXIT.usage,
    };
  }
  return {
    ok: true,
    title: 'Data centre',
    detail: `${accounts.dc?.id ?? accounts.accountsUrl} → API ${token.apiDomain}`,
  };
}

function scopeCheck(token: AccessToken): Check {
  const granted = parseScopes(token.scope);
  if (granted.length === 0) {
    return {
      ok: true,
      title: 'Scopes',
      detail: 'not reported by Zoho on refresh; checked per call (a missing one is named)',
    };
  }
  const missing = COMMON_NEEDS.filter(([scope]) => !scopeCovers(granted, scope));
  if (missing.length === 0) return { ok: true, title: 'Scopes', detail: granted.join(', ') };
  return {
    ok: false,
    title: 'Scopes',
    detail: `granted ${granted.join(', ')}; missing ${missing.map(([s, what]) => `${s} (${what})`).join('; ')}`,
    fix: 'Generate a code with the scopes you need (ZohoBooks.fullaccess.all covers all) and run `zbooks auth login`.',
    exit: EXIT.auth,
  };
}

async function organizationCheck(
  books: ZohoBooks,
  settings: ResolvedSettings,
): Promise<{ check: Check; id?: string }> {
  try {
    const orgs = await books.listOrganizations();
    const wanted = settings.values.organizationId;
    const found = wanted
      ? orgs.find((o) => o.organization_id === wanted)
      : orgs.length === 1
        ? orgs[0]
        : undefined;
    if (found)
      return {
        id: found.organization_id,
        check: { ok: true, title: 'Organization', detail: `${found.name} (${found.organization_id})` },
      };
    const list = orgs.map((o) => `${o.organization_id} (${o.name})`).join(', ');
    return {
      check: {
        ok: false,
        title: 'Organization',
        detail: wanted
          ? `${wanted} is not reachable with this login; reachable: ${list}`
          : `none chosen among ${list}`,
        fix: 'Choose one with `zbooks orgs use <id>` or ZOHO_ORGANIZATION_ID.',
        exit: EXIT.usage,
      },
    };
  } catch (error) {
    return { check: failure('Organization', error) };
  }
}

/** Clock skew from the server's Date header, and the daily budget from X-Rate-Limit-*. */
async function serverChecks(books: ZohoBooks, organizationId: string): Promise<Check[]> {
  let answer: Awaited<ReturnType<ZohoBooks['exchange']>>;
  try {
    answer = await books.exchange('GET', `/organizations/${organizationId}`, { organizationId });
  } catch (error) {
    return [failure('Books call', error)];
  }
  const checks: Check[] = [];
  const date = Date.parse(answer.headers.get('date') ?? '');
  if (Number.isFinite(date)) {
    const skew = Date.now() - date;
    checks.push(
      Math.abs(skew) > SKEW_LIMIT_MS
        ? {
            ok: false,
            title: 'Clock',
            detail: `this machine is ${Math.round(skew / 1000)} s off Zoho's clock`,
            fix: 'Synchronise the clock (NTP): token expiry is computed locally.',
            exit: EXIT.usage,
          }
        : {
            ok: true,
            title: 'Clock',
            detail: `within ${Math.max(1, Math.round(Math.abs(skew) / 1000))} s of Zoho's`,
          },
    );
  }
  const limit = answer.headers.get('x-rate-limit-limit');
  const remaining = answer.headers.get('x-rate-limit-remaining');
  const reset = Number(answer.headers.get('x-rate-limit-reset'));
  if (limit && remaining) {
    const low = Number(remaining) < Number(limit) * 0.1;
    checks.push({
      ok: !low,
      title: 'Daily budget',
      detail: `${remaining} of ${limit} calls left today${Number.isFinite(reset) ? `, reset in ${Math.round(reset / 3600)} h` : ''}`,
      ...(low
        ? { fix: 'Less than 10% left: slow down, or raise the plan’s limit.', exit: EXIT.rateLimited }
        : {}),
    });
  }
  return checks;
}

function failure(title: string, error: unknown): Check {
  return isZbooksError(error)
    ? { ok: false, title, detail: error.message, fix: error.hint, exit: exitCodeFor(error) }
    : { ok: false, title, detail: String(error), exit: EXIT.bug };
}

function report(ctx: RunContext, checks: Check[]): number {
  for (const c of checks) {
    ctx.out(`${c.ok ? '✓' : '✗'} ${c.title.padEnd(14)} ${c.detail}\n`);
    if (!c.ok && c.fix) ctx.out(`  ${' '.repeat(14)} fix: ${c.fix}\n`);
  }
  const failed = checks.find((c) => !c.ok);
  return failed ? (failed.exit ?? EXIT.bug) : EXIT.ok;
}
