import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as p from '@clack/prompts';
import type { Organization } from '../../books/organizations.js';
import { DATA_CENTRES, dcById, isDcId } from '../../core/data-centres.js';
import { ConfigError } from '../../core/errors.js';
import { BOOKS_SCOPE_FAMILIES, FULL_ACCESS } from '../../core/scopes.js';
import { keychainAvailable } from '../keychain.js';

/** What the guided flow gathered; the caller logs in with it. */
export interface GuidedAnswers {
  dc: string;
  clientId: string;
  clientSecret: string;
  code: string;
  storage: 'profile' | 'keychain' | 'env';
}

const cancelled = () => Object.assign(new Error('cancelled'), { cancelled: true });

/** Unwraps a prompt answer; Ctrl-C anywhere ends the login without a trace. */
function answer<T>(value: T): Exclude<T, symbol> {
  if (p.isCancel(value)) {
    p.cancel('Login cancelled: nothing was saved.');
    throw cancelled();
  }
  return value as Exclude<T, symbol>;
}

/** The console's self_client.json: client id, secret, code and (when present) when the code expires. */
interface SelfClientFile {
  client_id?: string;
  client_secret?: string;
  code?: string;
  expiry_time?: number;
}

/**
 * The first-time login on a terminal, step by step as Zoho's API console shows it: data centre, scopes,
 * where the refresh token will live, then the code (or the console's JSON file) with a reminder of its expiry.
 */
export async function guidedLogin(preset: {
  dc?: string;
  clientId?: string;
  clientSecret?: string;
}): Promise<GuidedAnswers> {
  p.intro('zbooks auth login');
  const dc =
    preset.dc ??
    answer(
      await p.select({
        message: 'Data centre where your Zoho account lives',
        options: [
          ...DATA_CENTRES.map((d) => ({
            value: d.id,
            label: `${d.id}  ${new URL(d.accountsUrl).host}`,
            hint: d.consoleUrl,
          })),
          { value: 'auto', label: 'auto', hint: 'try each data centre in turn' },
        ],
      }),
    );
  const consoleUrl = isDcId(dc)
    ? dcById(dc).consoleUrl
    : 'the API console of your data centre (e.g. https://api-console.zoho.com)';
  const scope = await pickScopes();
  p.note(
    [
      `Open ${consoleUrl}`,
      '1. Add Client → Self Client → Create (once per account).',
      '2. Client Secret tab: the Client ID and Client Secret.',
      `3. Generate Code tab: Scope ${scope}`,
      '   Time Duration: 10 minutes; a description; choose Zoho Books and your organization; Create.',
      '4. Copy the code, or Download it (self_client.json).',
    ].join('\n'),
    'In Zoho’s API console',
  );
  const storage = await pickStorage();
  const pasted = answer(
    await p.password({
      message: 'Paste the grant code, or type the path of self_client.json',
      validate: (v) => (v?.trim() ? undefined : 'The code (1000.…) or the path of the downloaded file'),
    }),
  ).trim();
  const file = looksLikePath(pasted) ? await readSelfClientFile(pasted) : undefined;
  const code = file?.code ?? pasted;
  const started = Date.now();
  const reminder = () => {
    if (file?.expiry_time) {
      const left = Math.round((file.expiry_time - Date.now()) / 1000);
      return left > 0
        ? `the code expires in ${Math.floor(left / 60)}m${String(left % 60).padStart(2, '0')}s`
        : 'the code has probably expired';
    }
    return `code pasted ${Math.round((Date.now() - started) / 1000)} s ago; it lasts 3–10 minutes from its creation`;
  };
  const clientId =
    file?.client_id ??
    preset.clientId ??
    answer(
      await p.text({
        message: `Client ID (${reminder()})`,
        placeholder: '1000.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
        validate: (v) =>
          /^1000\.\w+$/.test(v?.trim() ?? '') ? undefined : 'A client id looks like 1000.ABC…',
      }),
    ).trim();
  const clientSecret =
    file?.client_secret ??
    preset.clientSecret ??
    answer(
      await p.password({
        message: `Client Secret (${reminder()})`,
        validate: (v) => (v?.trim() ? undefined : 'Required'),
      }),
    ).trim();
  return { dc, clientId, clientSecret, code, storage };
}

async function pickScopes(): Promise<string> {
  const kind = answer(
    await p.select({
      message: 'Access to grant',
      options: [
        { value: 'full', label: 'Full access', hint: FULL_ACCESS },
        { value: 'read', label: 'Read-only', hint: 'READ on every module' },
        { value: 'pick', label: 'Choose modules' },
      ],
    }),
  );
  if (kind === 'full') return FULL_ACCESS;
  const families =
    kind === 'read'
      ? [...BOOKS_SCOPE_FAMILIES]
      : answer(
          await p.multiselect({
            message: 'Modules (settings is needed to list organizations)',
            options: BOOKS_SCOPE_FAMILIES.map((f) => ({ value: f, label: f })),
            initialValues: ['settings'],
            required: true,
          }),
        );
  const operation =
    kind === 'read'
      ? 'READ'
      : answer(
          await p.select({
            message: 'Access level',
            options: [
              { value: 'ALL', label: 'Read and write (ALL)' },
              { value: 'READ', label: 'Read-only (READ)' },
            ],
          }),
        );
  const list = families.map((f) => `ZohoBooks.${f}.${operation}`);
  // Listing organizations (which login does) needs settings.READ at least.
  if (!families.includes('settings')) list.push('ZohoBooks.settings.READ');
  return list.join(',');
}

async function pickStorage(): Promise<GuidedAnswers['storage']> {
  const spin = p.spinner();
  spin.start('Looking for an OS keychain');
  const keychain = await keychainAvailable();
  spin.stop(keychain ? 'An OS keychain is available' : 'No OS keychain on this machine');
  return answer(
    await p.select({
      message: 'Where should the refresh token be kept?',
      options: [
        { value: 'profile' as const, label: 'Profile file', hint: 'readable only by you (0600)' },
        ...(keychain ? [{ value: 'keychain' as const, label: 'OS keychain' }] : []),
        {
          value: 'env' as const,
          label: 'Print .env lines',
          hint: 'for a secrets manager; nothing secret is saved',
        },
      ],
    }),
  );
}

export async function pickOrganization(organizations: Organization[]): Promise<string> {
  return answer(
    await p.select({
      message: 'Organization to use',
      options: organizations.map((o) => ({
        value: o.organization_id,
        label: o.name,
        hint: o.organization_id,
      })),
    }),
  );
}

const looksLikePath = (value: string) => value.endsWith('.json') || value.includes('/') || existsSync(value);

async function readSelfClientFile(path: string): Promise<SelfClientFile> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as SelfClientFile;
    if (parsed?.code) return parsed;
  } catch {
    // below
  }
  throw new ConfigError(
    `${path} is not a self_client.json with a code.`,
    'Download it again from the Generate Code tab, or paste the code.',
  );
}

export function done(lines: string[]): void {
  p.outro(lines.join('\n'));
}
