import { randomInt } from 'node:crypto';
import type { RecentTimes } from '../recent-times.js';
import type { ClientRecord, OrganizationRecord } from '../state.js';

/** A Books record as stored and answered: plain JSON fields, ids as strings. */
export type Rec = Record<string, unknown>;

/** One organization's books: a table of records per store name, plus numbering counters. */
export class OrgStore {
  readonly #tables = new Map<string, Map<string, Rec>>();
  readonly #counters = new Map<string, number>();
  readonly #indexes = new Map<string, Map<string, string>>();

  readonly org: OrganizationRecord;
  readonly client: ClientRecord;

  constructor(options: { org: OrganizationRecord; client: ClientRecord }) {
    this.org = options.org;
    this.client = options.client;
  }

  table(store: string): Map<string, Rec> {
    let table = this.#tables.get(store);
    if (!table) {
      table = new Map();
      this.#tables.set(store, table);
    }
    return table;
  }

  /** Every table that holds records, by store name (for reference scans on delete). */
  allTables(): IterableIterator<[string, Map<string, Rec>]> {
    return this.#tables.entries();
  }

  /** A unique-value index kept by a model (invoice number → id), so uniqueness checks stay O(1). */
  index(name: string): Map<string, string> {
    let index = this.#indexes.get(name);
    if (!index) {
      index = new Map();
      this.#indexes.set(name, index);
    }
    return index;
  }

  /** Next value of a per-organization sequence (invoice numbers and the like), from 1. */
  next(counter: string, by = 1): number {
    const value = (this.#counters.get(counter) ?? 0) + by;
    this.#counters.set(counter, value);
    return value - by + 1;
  }
}

/** Rate-limit bookkeeping of one organization, on the emulator clock. */
export interface OrgUsage {
  /** The latest admissions, as many as the per-minute limit: enough to tell whether the minute is full. */
  minute: RecentTimes;
  dayStart: number;
  dayCount: number;
  inFlight: number;
}

/** Everything the Books side remembers, for all organizations of one emulator instance. */
export class BooksState {
  readonly orgs = new Map<string, OrgStore>();
  readonly usage = new Map<string, OrgUsage>();
  /**
   * Ids are 18 digits: past 2^53, so a client that parses them as numbers visibly corrupts them
   * (REFERENCE §5). A random prefix per instance keeps ids of two emulators apart.
   */
  readonly #idPrefix = String(randomInt(1_000_000, 10_000_000));
  #idSeq = 0;

  newId(): string {
    this.#idSeq += 1;
    return `${this.#idPrefix}${String(this.#idSeq).padStart(11, '0')}`;
  }
}
