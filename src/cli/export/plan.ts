import { basename } from 'node:path';
import type { Operation } from '../../books/generated/operations.js';
import { ConfigError } from '../../core/errors.js';
import { parseFields } from '../formats/index.js';
import { findModule, kebab, listOperation } from '../modules.js';
import { parseSince } from './since.js';

type ExportFormat = 'ndjson' | 'csv';

/** The command line as it reaches the action (commander's camel-cased options). */
export interface ExportFlags {
  out?: string;
  format?: string;
  fields?: string;
  rawCsv?: boolean;
  since?: string;
  query?: string[];
  perPage?: string;
  resume?: boolean;
  org?: string;
  profile?: string;
}

/** Everything the export will do, checked before any file or network is touched. */
export interface ExportPlan {
  module: string;
  operation: Operation;
  /** The filters sent with every page (and with the count), page and per_page aside. */
  query: Record<string, string>;
  format: ExportFormat;
  fields: string[] | undefined;
  /** csv cells exactly as received, without the guard against spreadsheet formulas. */
  rawCells: boolean;
  perPage: number;
  out: string | undefined;
  resume: boolean;
  org: string | undefined;
  profile: string | undefined;
}

/** Set by the export itself: a person asking for them would break paging or resuming. */
const CONTROLLED = new Map([
  ['page', 'The export walks the pages itself.'],
  ['per_page', 'Use --per-page.'],
  ['response_option', 'The export needs the records, not only their count.'],
]);

export function planExport(moduleName: string, flags: ExportFlags): ExportPlan {
  const module = findModule(moduleName);
  const operation = listOperation(module);
  const resume = Boolean(flags.resume);
  if (resume && !flags.out) {
    throw new ConfigError(
      '--resume needs --out.',
      'Only an export into a file can be continued; add --out <file>.',
    );
  }
  if (flags.org !== undefined && !/^\d+$/.test(flags.org)) {
    throw new ConfigError(
      `--org "${flags.org}" is not an organization id.`,
      'Organization ids are digits; `zbooks orgs` lists them.',
    );
  }
  return {
    module,
    operation,
    query: filtersOf(operation, module, flags),
    format: formatOf(flags.format, flags.out),
    fields: parseFields(flags.fields),
    rawCells: flags.rawCsv === true,
    perPage: perPageOf(flags.perPage),
    out: flags.out,
    resume,
    org: flags.org,
    profile: flags.profile,
  };
}

/** What an export file may be called: what it holds is csv or ndjson, nothing else (no .xlsx, no .parquet). */
const WRITABLE_EXTENSIONS = new Set(['csv', 'ndjson', 'jsonl', 'json', 'txt']);

function formatOf(flag: string | undefined, out: string | undefined): ExportFormat {
  const extension = out ? /\.([A-Za-z0-9]+)$/.exec(basename(out))?.[1]?.toLowerCase() : undefined;
  if (extension !== undefined && !WRITABLE_EXTENSIONS.has(extension)) {
    throw new ConfigError(
      `An export is written as csv or ndjson; it cannot write a .${extension} file.`,
      'Name the file .csv or .ndjson (a spreadsheet opens .csv).',
    );
  }
  if (flag === undefined) return out && /\.csv$/i.test(out) ? 'csv' : 'ndjson';
  const format = flag.trim().toLowerCase();
  if (format === 'ndjson' || format === 'csv') return format;
  throw new ConfigError(
    `An export is written as ndjson or csv, not "${flag}".`,
    'Use --format ndjson (one JSON object per line, e.g. for jq) or --format csv.',
  );
}

function perPageOf(flag: string | undefined): number {
  const n = Number(flag ?? 200);
  if (!Number.isInteger(n) || n < 1 || n > 200) {
    throw new ConfigError(
      `--per-page "${flag}" is out of range.`,
      'Give a whole number from 1 to 200 (Zoho’s maximum, and the default).',
    );
  }
  return n;
}

/**
 * --query pairs checked against the operation's documented parameters, plus --since, plus an oldest-first
 * order where the list can be sorted: records created while (or between) runs then land after the pages
 * already written, so a resumed export neither repeats nor misses any.
 */
function filtersOf(op: Operation, module: string, flags: ExportFlags): Record<string, string> {
  const known = new Set(op.query.map((p) => p.name));
  const query: Record<string, string> = {};
  for (const pair of flags.query ?? []) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim() : '';
    if (!key) {
      throw new ConfigError(
        `--query "${pair}" is not key=value.`,
        'Write each filter as --query name=value, e.g. --query status=unpaid.',
      );
    }
    const controlled = CONTROLLED.get(key);
    if (controlled) throw new ConfigError(`--query ${key} cannot be set on an export.`, controlled);
    if (!known.has(key)) {
      const valid = [...known].filter((name) => !CONTROLLED.has(name));
      throw new ConfigError(
        `${kebab(module)} has no filter "${key}".`,
        `Filters of ${op.id}: ${valid.join(', ') || '(none)'}.`,
      );
    }
    if (key in query) throw new ConfigError(`--query ${key} is given twice.`, 'Give each filter once.');
    query[key] = pair.slice(at + 1);
  }
  if (flags.since !== undefined) {
    if ('last_modified_time' in query) {
      throw new ConfigError(
        '--since and --query last_modified_time say the same thing.',
        'Keep one of them.',
      );
    }
    query.last_modified_time = parseSince(flags.since);
  }
  if (known.has('sort_column') && !('sort_column' in query)) {
    query.sort_column = 'created_time';
    query.sort_order = 'A';
  }
  return query;
}
