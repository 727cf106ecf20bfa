import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator, SeedResult } from '../../src/emulator/index.js';
import { tempDir, zbooks as zbooksProcess } from '../helpers/cli.js';
import { zbooksInProcess as zbooks } from '../helpers/cli-in-process.js';
import { emulator } from '../helpers/emulator.js';

let emu: Emulator;
let seed: SeedResult;
let config: Awaited<ReturnType<typeof tempDir>>;
let env: Record<string, string>;
let org: string;

beforeAll(async () => {
  emu = await emulator();
  seed = emu.seed();
  org = seed.organizations[0]!.organization_id;
  emu.seedRecords(org, 'invoices', 250);
  config = await tempDir();
  env = { ZBOOKS_CONFIG_DIR: config.path };
  const login = await zbooks(['auth', 'login'], {
    env: {
      ...env,
      ZOHO_ACCOUNTS_URL: seed.accounts_url,
      ZOHO_CLIENT_ID: seed.client_id,
      ZOHO_CLIENT_SECRET: seed.client_secret,
      ZOHO_GRANT_CODE: seed.code,
    },
  });
  expect(login.code).toBe(0);
});
afterAll(async () => {
  await emu.close();
  await config.remove();
});

const json = (text: string) => JSON.parse(text);

describe('module commands generated from the operations table', () => {
  it('`invoices list` prints the first page as JSON when piped, ids as exact strings, and says more exist', async () => {
    const result = await zbooks(['invoices', 'list', '--per-page', '20'], { env });
    expect(result.code).toBe(0);
    const list = json(result.stdout);
    expect(list).toHaveLength(20);
    expect(typeof list[0].invoice_id).toBe('string');
    expect(list[0].invoice_id).toMatch(/^\d{15,19}$/);
    expect(result.stderr).toMatch(/--page 2, or --all/);
  });

  it('`--all` walks every page; --limit stops early; ndjson and csv stream; --fields selects', async () => {
    const all = await zbooks(['invoices', 'list', '--all', '--per-page', '100', '--format', 'ndjson'], {
      env,
    });
    const lines = all.stdout.trim().split('\n');
    expect(lines).toHaveLength(250);
    expect(new Set(lines.map((l) => json(l).invoice_id)).size).toBe(250);

    const limited = await zbooks(['invoices', 'list', '--limit', '7', '--fields', 'invoice_id,total'], {
      env,
    });
    const records = json(limited.stdout);
    expect(records).toHaveLength(7);
    expect(Object.keys(records[0])).toEqual(['invoice_id', 'total']);

    const csv = await zbooks(
      ['invoices', 'list', '--limit', '3', '--format', 'csv', '--fields', 'invoice_id,invoice_number,total'],
      { env },
    );
    const rows = csv.stdout.trim().split(/\r?\n/); // RFC 4180: CRLF
    expect(rows[0]).toBe('invoice_id,invoice_number,total');
    expect(rows).toHaveLength(4);
  });

  it('create from a body file, get by id, mark-as-sent: the record changes in the emulator', async () => {
    const [contact] = emu.records(org, 'contacts') as { contact_id: string }[];
    const customer = contact?.contact_id ?? (await createContact());
    const bodyFile = join(config.path, 'invoice.json');
    await writeFile(
      bodyFile,
      JSON.stringify({ customer_id: customer, line_items: [{ name: 'Widget', rate: 12.5, quantity: 4 }] }),
    );
    const created = await zbooks(['invoices', 'create', '--body', bodyFile], { env });
    expect(created.code).toBe(0);
    const invoice = json(created.stdout);
    expect(invoice.total).toBe(50);
    const sent = await zbooks(['invoices', 'mark-as-sent', invoice.invoice_id], { env });
    expect(sent.code).toBe(0);
    const got = json(
      (await zbooks(['invoices', 'get', invoice.invoice_id, '--fields', 'invoice_id,status'], { env }))
        .stdout,
    );
    expect(got).toEqual({ invoice_id: invoice.invoice_id, status: 'sent' });
  });

  it('bad input is a usage error naming the fix; an unknown id is an API error (exit 4)', async () => {
    const badNumber = await zbooks(['invoices', 'list', '--per-page', 'many'], { env });
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toMatch(/--per-page takes a whole number/);
    const noBody = await zbooks(['invoices', 'create'], { env });
    expect(noBody.code).toBe(2);
    expect(noBody.stderr).toMatch(/needs a JSON body/);
    const missing = await zbooks(['invoices', 'get', '460000000000000001'], { env });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/^zbooks: .*does not exist/);
    const typo = await zbooks(['invocies', 'list'], { env });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/invoices/);
  });

  it('--help lists the operations with the scope each needs, and a list operation’s filters', async () => {
    const moduleHelp = await zbooks(['invoices', '--help'], { env });
    expect(moduleHelp.stdout).toMatch(
      /mark-as-sent\s+ZohoBooks\.invoices\.CREATE|mark-as-sent.*ZohoBooks\.invoices/,
    );
    const listHelp = await zbooks(['invoices', 'list', '--help'], { env });
    expect(listHelp.stdout).toMatch(/GET \/invoices\s+\(scope ZohoBooks\.invoices\.READ\)/);
    expect(listHelp.stdout).toMatch(/--customer-name <string>/);
    const top = await zbooks(['--help'], { env });
    expect(top.stdout).toMatch(/customer-payments/);
  });
});

async function createContact(): Promise<string> {
  const created = await zbooks(['api', '/contacts', '-f', 'contact_name=Acme Test'], { env });
  return json(created.stdout).contact.contact_id;
}

describe('zbooks api', () => {
  it('GET by default, fields as query for GET, organization_id filled in, -i shows status and headers', async () => {
    const result = await zbooks(['api', '-X', 'GET', '/invoices', '-f', 'per_page=2', '-i'], { env });
    expect(result.code).toBe(0);
    const [head, body] = result.stdout.split('\n\n');
    expect(head).toMatch(/^HTTP 200/);
    expect(head).toMatch(/x-rate-limit-remaining: \d+/i);
    expect(json(body!).invoices).toHaveLength(2);
  });

  it('POST when fields are given (-F typed), --input for a JSON body, --paginate --slurp merges pages', async () => {
    const created = await zbooks(
      ['api', '/contacts', '-f', 'contact_name=Typed Fields Ltd', '-F', 'payment_terms=30'],
      { env },
    );
    expect(created.code).toBe(0);
    expect(json(created.stdout).contact.payment_terms).toBe(30);

    const input = join(config.path, 'contact.json');
    await writeFile(input, JSON.stringify({ contact_name: 'From Input GmbH' }));
    const fromInput = await zbooks(['api', '-X', 'POST', 'contacts', '--input', input], { env });
    expect(json(fromInput.stdout).contact.contact_name).toBe('From Input GmbH');

    const slurped = await zbooks(
      ['api', '/invoices', '-X', 'GET', '-F', 'per_page=100', '--paginate', '--slurp'],
      { env },
    );
    expect(json(slurped.stdout).length).toBeGreaterThanOrEqual(250);
  });

  it('refuses a URL, an Authorization header and --slurp without --paginate', async () => {
    for (const args of [
      ['api', 'https://www.zohoapis.com/books/v3/invoices'],
      ['api', '/invoices', '-H', 'Authorization: Zoho-oauthtoken x'],
      ['api', '/invoices', '--slurp'],
    ]) {
      const result = await zbooks(args, { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^zbooks: /);
    }
  });
});

describe('zbooks doctor', () => {
  it('reports every check as ✓ for a healthy login', async () => {
    const result = await zbooks(['doctor'], { env });
    expect(result.code).toBe(0);
    for (const title of [
      'Configuration',
      'Token',
      'Data centre',
      'Scopes',
      'Organization',
      'Clock',
      'Daily budget',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`✓ ${title}`));
    }
    const profile = await readFile(join(config.path, 'profiles.json'), 'utf8');
    const refreshToken = JSON.parse(profile).profiles.default.refresh_token;
    expect(result.stdout).not.toContain(refreshToken);
  });

  it('reports a missing scope with the fix, and missing configuration with exit 2', async () => {
    const narrow = emu.seed({ scope: 'ZohoBooks.settings.READ' });
    const dir = await tempDir();
    try {
      const login = await zbooks(['auth', 'login'], {
        env: {
          ZBOOKS_CONFIG_DIR: dir.path,
          ZOHO_ACCOUNTS_URL: narrow.accounts_url,
          ZOHO_CLIENT_ID: narrow.client_id,
          ZOHO_CLIENT_SECRET: narrow.client_secret,
          ZOHO_GRANT_CODE: narrow.code,
        },
      });
      expect(login.code).toBe(0);
      const result = await zbooks(['doctor'], { env: { ZBOOKS_CONFIG_DIR: dir.path } });
      expect(result.stdout).toMatch(/✗ Scopes .*missing ZohoBooks\.invoices\.READ/);
      expect(result.stdout).toMatch(/fix: Generate a code/);
      expect(result.code).toBe(3);
      const empty = await zbooks(['doctor'], { env: { ZBOOKS_CONFIG_DIR: join(dir.path, 'none') } });
      expect(empty.code).toBe(2);
      expect(empty.stdout).toMatch(/✗ Configuration/);
    } finally {
      await dir.remove();
    }
  });
});

describe('what a new user tripped over', () => {
  it('`--version` and `-V` print the version from the real process, exit 0', async () => {
    const { version } = JSON.parse(await readFile(join(import.meta.dirname, '../../package.json'), 'utf8'));
    for (const flag of ['--version', '-V']) {
      const result = await zbooksProcess([flag]);
      expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('help examples do what they say: the filter example is a GET; -f alone makes a POST, as in gh', async () => {
    for (const args of [['--help'], ['api', '--help']]) {
      const help = (await zbooks(args, { env })).stdout;
      expect(help).not.toMatch(/zbooks api \/invoices -f status=unpaid --paginate/);
    }
    const apiHelp = (await zbooks(['api', '--help'], { env })).stdout;
    expect(apiHelp).toMatch(/zbooks api '\/invoices\?status=unpaid' --paginate/);
    expect(apiHelp).toMatch(/zbooks api -X GET \/invoices -f status=unpaid/);
    // What the examples run: the query in the path and -X GET with -f both list, and create nothing.
    const before = emu.records(org, 'invoices').length;
    const inPath = await zbooks(['api', '/invoices?status=draft&per_page=3'], { env });
    const asFields = await zbooks(
      ['api', '-X', 'GET', '/invoices', '-f', 'status=draft', '-f', 'per_page=3'],
      {
        env,
      },
    );
    expect(inPath.code).toBe(0);
    expect(json(inPath.stdout).invoices.length).toBeGreaterThan(0);
    expect(json(asFields.stdout).invoices).toEqual(json(inPath.stdout).invoices);
    expect(emu.records(org, 'invoices').length).toBe(before);
  });

  it('`api PATH --input file` is a POST by default; a body with GET or HEAD is a usage error (exit 2)', async () => {
    const input = join(config.path, 'input-contact.json');
    await writeFile(input, JSON.stringify({ contact_name: 'Posted By Default Ltd' }));
    const posted = await zbooks(['api', '/contacts', '--input', input], { env });
    expect(posted.code).toBe(0);
    expect(json(posted.stdout).contact.contact_name).toBe('Posted By Default Ltd');
    for (const method of ['GET', 'HEAD']) {
      const refused = await zbooks(['api', '-X', method, '/contacts', '--input', input], { env });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(new RegExp(`^zbooks: A ${method} request has no body`));
    }
  });

  it('--fields with an unknown field is an error with "did you mean"', async () => {
    const result = await zbooks(['invoices', 'list', '--fields', 'invoice_id,totl'], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no field "totl"\. Did you mean "total"\?/);
    const record = await zbooks(['invoices', 'list', '--per-page', '1'], { env });
    const id = json(record.stdout)[0].invoice_id;
    const get = await zbooks(['invoices', 'get', id, '--fields', 'statuss'], { env });
    expect(get.code).toBe(2);
    expect(get.stderr).toMatch(/Did you mean "status"\?/);
  });

  it('`zbooks help invoices list` shows the help of list, not of invoices', async () => {
    const viaHelp = await zbooks(['help', 'invoices', 'list'], { env });
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toMatch(/^Usage: zbooks invoices list \[options\]/);
    expect(viaHelp.stdout).toBe((await zbooks(['invoices', 'list', '--help'], { env })).stdout);
  });

  it('option help lists the allowed values of an enum parameter, and others are refused', async () => {
    const help = await zbooks(['customer-payments', 'get', '--help'], { env });
    expect(help.stdout).toMatch(/--accept <string>.*choices: "json", "pdf"/);
    const wrong = await zbooks(['customer-payments', 'get', '1', '--accept', 'xml'], { env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Allowed choices are json, pdf/);
  });

  it('the table on a terminal shows what matters per module, and never truncates the id', async () => {
    const wide = await zbooks(['invoices', 'list', '--per-page', '3'], { env, terminal: { columns: 200 } });
    expect(wide.code).toBe(0);
    const header = wide.stdout.split('\n')[0]!.split(/\s{2,}/);
    expect(header).toEqual([
      'INVOICE_ID',
      'INVOICE_NUMBER',
      'CUSTOMER_NAME',
      'STATUS',
      'TOTAL',
      'BALANCE',
      'DATE',
    ]);
    const narrow = await zbooks(['invoices', 'list', '--per-page', '3'], { env, terminal: { columns: 60 } });
    const ids = json((await zbooks(['invoices', 'list', '--per-page', '3'], { env })).stdout).map(
      (i: { invoice_id: string }) => i.invoice_id,
    );
    const rows = narrow.stdout.trim().split('\n').slice(1);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(ids);
    expect(narrow.stdout).toMatch(/…/); // something else was shortened to fit
  });
});

describe('a reader that stops early', () => {
  // Found by hand: `zbooks invoices list --all | head` ended in an EPIPE stack trace.
  it('`| head` closing the pipe ends zbooks quietly', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('../helpers/cli.js');
    const child = spawn(process.execPath, [CLI, 'invoices', 'list', '--all', '--format', 'ndjson'], {
      env: { PATH: process.env.PATH ?? '', HOME: config.path, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});
