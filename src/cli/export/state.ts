import { rm } from 'node:fs/promises';
import { readTextIfExists, writeFileAtomic } from '../../auth/stores/atomic-file.js';
import type { PageMark } from '../../books/pagination.js';
import { ConfigError } from '../../core/errors.js';

/** What makes two runs the same export: a resumed run must ask for exactly the same pages. */
export interface ExportIdentity {
  module: string;
  operation: string;
  organizationId: string;
  query: Record<string, string>;
  format: string;
  fields: string[] | null;
  /** csv: 'raw' with --raw-csv, else 'guarded' (formulas neutralised); a resumed run must write alike. */
  csvCells: 'guarded' | 'raw' | null;
  perPage: number;
}

/** How far the output got: every number describes data already flushed to the file. */
interface ExportProgressState {
  pagesDone: number;
  recordsWritten: number;
  /** Byte length of the output after the last complete page; anything after it is a torn page. */
  bytes: number;
  /** csv: the columns of the header already written (taken from the first record when --fields is absent). */
  columns: string[] | null;
  /** The last page written, as a resumed run recognises it if the server answers it again. */
  lastPage?: PageMark | null;
}

export interface ExportState extends ExportIdentity, ExportProgressState {
  version: 1;
  startedAt: string;
  updatedAt: string;
}

const VERSION = 1;

/** Beside the output, so it travels with it and says "an export was interrupted here" to the next run. */
export const statePathOf = (out: string) => `${out}.zbooks-export.json`;

export async function readState(path: string): Promise<ExportState | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  let state: Partial<ExportState> | undefined;
  try {
    state = JSON.parse(text) as Partial<ExportState>;
  } catch {
    state = undefined;
  }
  const counts = [state?.pagesDone, state?.recordsWritten, state?.bytes];
  if (state?.version !== VERSION || !counts.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    throw new ConfigError(
      `The export state ${path} is unreadable.`,
      'Delete it and the output file, and run the export again without --resume.',
    );
  }
  // Written before --raw-csv existed: csv cells were then written as received.
  return { csvCells: state.format === 'csv' ? 'raw' : null, ...state } as ExportState;
}

/** Atomic (temp, fsync, rename) and 0600: a reader sees the previous page's state or this one, never a mix. */
export async function writeState(path: string, state: ExportState): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`);
}

export const removeState = (path: string) => rm(path, { force: true });

/** Each identity field as a person knows it: by the flag that sets it. */
const LABELS: Record<keyof ExportIdentity, string> = {
  module: 'module',
  operation: 'list operation',
  organizationId: 'organization (--org)',
  query: 'filters (--query, --since)',
  format: 'format (--format)',
  fields: 'fields (--fields)',
  csvCells: 'csv cells (--raw-csv)',
  perPage: 'page size (--per-page)',
};

/** What differs between an interrupted export and this run, as labels (empty when it may resume). */
export function differences(saved: ExportIdentity, wanted: ExportIdentity): string[] {
  const keys = Object.keys(LABELS) as (keyof ExportIdentity)[];
  return keys.filter((key) => canonical(saved[key]) !== canonical(wanted[key])).map((key) => LABELS[key]);
}

/** JSON with sorted keys, so `{a, b}` and `{b, a}` compare equal. */
function canonical(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
