import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { zbooks } from '../helpers/cli.js';
import { type ExportWorld, exportWorld } from '../helpers/export-world.js';

// Every CLI path that walks pages uses the library's one loop (issue 9.3): against a server that ignores
// `page`, each stops at the second page with exit 4, keeps what it received, and repeats nothing.

let world: ExportWorld;
let ids: string[];
beforeAll(async () => {
  world = await exportWorld(['Paged Org']);
  world.emu.seedRecords(world.orgId('Paged Org'), 'invoices', 30);
  ids = world.emu.records(world.orgId('Paged Org'), 'invoices').map((r) => r.invoice_id as string);
});
afterEach(() => world.emu.clearFaults());
afterAll(() => world.close());

const env = () => world.env('Paged Org');
/** As many bad answers as a run-away loop would consume: without the guard each command loops through them. */
const ignorePage = (kind: 'ignore_page' | 'repeat_page' | 'empty_page' = 'ignore_page', count = 60) =>
  world.emu.injectFault({ target: 'books', kind, path: '/invoices', count });
const oldestFirst = ['--sort-column', 'created_time'];

describe('a server that ignores `page`: every path stops with exit 4 and nothing twice', () => {
  it('`invoices list --all` prints the first page once (valid JSON), then the error', async () => {
    ignorePage();
    const result = await zbooks(['invoices', 'list', '--all', '--per-page', '10', ...oldestFirst], {
      env: env(),
    });
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stdout).map((r: { invoice_id: string }) => r.invoice_id)).toEqual(
      ids.slice(0, 10),
    );
    expect(result.stderr).toMatch(
      /^zbooks: Pagination of GET \/invoices stopped: page 2 was asked for and the answer is page 1 \(page_context\.page\)\.\n {2}The server, or a proxy between, ignores the page parameter/,
    );
  });

  it('`api --paginate` prints one envelope per page and stops; --slurp keeps the records received', async () => {
    ignorePage();
    const pages = await zbooks(
      ['api', '/invoices', '-X', 'GET', '-F', 'per_page=10', '-f', 'sort_column=created_time', '--paginate'],
      {
        env: env(),
      },
    );
    expect(pages.code).toBe(4);
    const envelopes = pages.stdout.split(/\n(?=\{)/).map((text) => JSON.parse(text));
    expect(envelopes).toHaveLength(1);
    expect(pages.stderr).toMatch(/Pagination of GET \/invoices stopped/);

    world.emu.clearFaults();
    ignorePage('repeat_page');
    const slurped = await zbooks(
      [
        'api',
        '/invoices',
        '-X',
        'GET',
        '-F',
        'per_page=10',
        '-f',
        'sort_column=created_time',
        '--paginate',
        '--slurp',
      ],
      { env: env() },
    );
    expect(slurped.code).toBe(4);
    expect(JSON.parse(slurped.stdout).map((r: { invoice_id: string }) => r.invoice_id)).toEqual(
      ids.slice(0, 10),
    );
    expect(slurped.stderr).toMatch(/page 2: it repeats page 1/);
  });

  it('`api --paginate` no longer follows an empty page that claims more', async () => {
    ignorePage('empty_page', 60);
    const result = await zbooks(['api', '/invoices', '-X', 'GET', '-F', 'per_page=10', '--paginate'], {
      env: env(),
    });
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/page 1: the page is empty but says more pages follow/);
  });

  it('`export` keeps the pages written, says so, and --resume completes it without duplicates', async () => {
    const out = join(world.dir, 'paged.ndjson');
    ignorePage('repeat_page');
    const first = await zbooks(['export', 'invoices', '--out', out, '--per-page', '10'], { env: env() });
    expect(first.code).toBe(4);
    expect(first.stderr).toMatch(
      /^zbooks: Pagination of GET \/invoices stopped at page 2: it repeats page 1/,
    );
    expect(first.stderr).toMatch(
      /\n {2}10 records are in .*paged\.ndjson; once the cause is fixed, run the same command with --resume to continue\.\n$/,
    );
    const kept = (await readFile(out, 'utf8')).trim().split('\n');
    expect(kept.map((line) => JSON.parse(line).invoice_id)).toEqual(ids.slice(0, 10));

    // Resumed in a new process against a server that still answers page 1 (saying it is page 2): the last
    // page written was recorded with the state, so the repeat is caught there too and nothing is written twice.
    world.emu.clearFaults();
    ignorePage('repeat_page');
    const still = await zbooks(['export', 'invoices', '--out', out, '--per-page', '10', '--resume'], {
      env: env(),
    });
    expect(still.code).toBe(4);
    expect(still.stderr).toMatch(/stopped at page 2: it repeats page 1/);
    expect((await readFile(out, 'utf8')).trim().split('\n')).toHaveLength(10);

    world.emu.clearFaults();
    const resumed = await zbooks(['export', 'invoices', '--out', out, '--per-page', '10', '--resume'], {
      env: env(),
    });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/^exported 30 invoices in 3 pages .*resumed after page 1\)\n$/);
    const all = (await readFile(out, 'utf8')).trim().split('\n');
    expect(all.map((line) => JSON.parse(line).invoice_id)).toEqual(ids);
    await expect(stat(`${out}.zbooks-export.json`)).rejects.toThrow(/ENOENT/);
  });
});
