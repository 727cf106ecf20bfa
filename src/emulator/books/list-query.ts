import { invalidValue } from './errors.js';
import type { Rec } from './state.js';
import type { Shape } from './surface-index.js';
import { isDate } from './validate.js';

const MAX_PER_PAGE = 200;

type Predicate = (record: Rec) => boolean;

interface ListQuery {
  page: number;
  perPage: number;
  sortColumn: string | undefined;
  sortOrder: 'A' | 'D';
  appliedFilter: string;
  /** 0: list and page context; 1: plus totals; 2: totals only (REFERENCE §5 `response_option`). */
  responseOption: 0 | 1 | 2;
  predicates: Predicate[];
}

/** How the list's records expose computed facts (an invoice's status turns overdue by the clock). */
interface ListFacts {
  status(record: Rec): string;
  /** Extra `filter_by=Status.<name>` values, e.g. Unpaid → [sent, overdue, partially_paid]. */
  statusGroups?: Readonly<Record<string, readonly string[]> | undefined>;
  /** The emulator's now, for `Date.ThisMonth` and the like. */
  now: number;
}

const RESERVED = new Set([
  'organization_id',
  'page',
  'per_page',
  'sort_column',
  'sort_order',
  'filter_by',
  'search_text',
  'response_option',
  'last_modified_time',
  'date_start',
  'date_end',
  'date_before',
  'date_after',
]);

function norm(s: string): string {
  return s.replace(/[_\s]/g, '').toLowerCase();
}
function text(v: unknown): string {
  return (v === undefined || v === null ? '' : String(v)).toLowerCase();
}

function positiveInt(raw: string | null, name: string, fallback: number): number {
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw invalidValue(name);
  return Number(raw);
}

/** Zoho writes `2024-05-01T10:00:00+0530`; JavaScript wants the offset's colon. */
function parseZohoTime(raw: string): number {
  return Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(' ', 'T'));
}

function compare(a: unknown, b: string, op: string): boolean {
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  if (op === 'less_than') return x < y;
  if (op === 'less_equals') return x <= y;
  if (op === 'greater_than') return x > y;
  return x >= y;
}

function dateBound(field: string, op: string, value: string): Predicate {
  if (!isDate(value)) throw invalidValue(`${field}_${op}`);
  return (r) => {
    const d = text(r[field]).slice(0, 10);
    if (d === '') return false;
    if (op === 'start') return d >= value;
    if (op === 'end') return d <= value;
    if (op === 'before') return d < value;
    return d > value;
  };
}

/** The field a list's `date_start`/`date_end` and `Date.*` filters read: `date`, else `journal_date`… */
function dateFieldOf(fields: Shape): string {
  if (fields.has('date')) return 'date';
  for (const f of fields.keys()) if (f.endsWith('_date') && !f.startsWith('last_')) return f;
  return 'date';
}

const DAY = 86_400_000;
function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first and last day of a period around `now` (UTC): Today, ThisWeek (from Sunday), ThisMonth… */
function period(name: string, now: number): [string, string] | undefined {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const monthRange = (year: number, month: number): [string, string] => [
    utcDay(Date.UTC(year, month, 1)),
    utcDay(Date.UTC(year, month + 1, 0)),
  ];
  const weekStart = now - d.getUTCDay() * DAY;
  const q = Math.floor(mo / 3) * 3;
  switch (norm(name)) {
    case 'today':
      return [utcDay(now), utcDay(now)];
    case 'previousday':
      return [utcDay(now - DAY), utcDay(now - DAY)];
    case 'thisweek':
    case 'week':
      return [utcDay(weekStart), utcDay(weekStart + 6 * DAY)];
    case 'previousweek':
      return [utcDay(weekStart - 7 * DAY), utcDay(weekStart - DAY)];
    case 'thismonth':
    case 'month':
      return monthRange(y, mo);
    case 'previousmonth':
      return monthRange(y, mo - 1);
    case 'thisquarter':
    case 'quarter':
      return [utcDay(Date.UTC(y, q, 1)), utcDay(Date.UTC(y, q + 3, 0))];
    case 'previousquarter':
      return [utcDay(Date.UTC(y, q - 3, 1)), utcDay(Date.UTC(y, q, 0))];
    case 'thisyear':
    case 'year':
      return [`${y}-01-01`, `${y}-12-31`];
    case 'previousyear':
      return [`${y - 1}-01-01`, `${y - 1}-12-31`];
    default:
      return undefined;
  }
}

type Family = (value: string, fields: Shape, facts: ListFacts) => Predicate | undefined;

function datePeriod(value: string, fields: Shape, facts: ListFacts): Predicate | undefined {
  if (norm(value) === 'paymentexpecteddate') {
    return (r) => text(r.payment_expected_date) !== '';
  }
  const range = period(value, facts.now);
  if (!range) return undefined;
  const field = dateFieldOf(fields);
  return (r) => {
    const day = text(r[field]).slice(0, 10);
    return day !== '' && day >= range[0] && day <= range[1];
  };
}

const ACCOUNT_GROUPS: Readonly<Record<string, readonly string[]>> = {
  asset: [
    'other_asset',
    'other_current_asset',
    'cash',
    'bank',
    'fixed_asset',
    'stock',
    'payment_clearing',
    'accounts_receivable',
  ],
  liability: [
    'other_current_liability',
    'credit_card',
    'long_term_liability',
    'other_liability',
    'accounts_payable',
  ],
  equity: ['equity'],
  income: ['income', 'other_income'],
  expense: ['expense', 'cost_of_goods_sold', 'other_expense'],
};

/** The `filter_by` families Zoho documents per list (OpenAPI `filter_by` descriptions); others are code 2. */
const FILTER_FAMILIES: Readonly<Record<string, Family>> = {
  status: (value, _fields, facts) => {
    const v = norm(value);
    if (v === 'billable') return (r) => r.is_billable === true;
    if (v === 'nonbillable') return (r) => r.is_billable !== true;
    if (v === 'portalenabled') return (r) => r.is_portal_enabled === true;
    if (v === 'portaldisabled') return (r) => r.is_portal_enabled !== true;
    if (v === 'manuallyadded') return (r) => norm(facts.status(r)) === 'manuallyadded';
    return statusPredicate(value, facts);
  },
  date: datePeriod,
  journaldate: datePeriod,
  paymentmode: (value) => (r) => norm(text(r.payment_mode)) === norm(value),
  accounttype: (value) => {
    const v = norm(value);
    if (v === 'active') return (r) => r.is_active !== false;
    if (v === 'inactive') return (r) => r.is_active === false;
    const group = ACCOUNT_GROUPS[v];
    return group ? (r) => group.includes(String(r.account_type)) : undefined;
  },
  type: (value) => (norm(value) === 'debitnote' ? (r) => r.type === 'debit_note' : undefined),
  currencies: (value) =>
    norm(value) === 'excludebasecurrency' ? (r) => r.is_base_currency !== true : undefined,
  invoice: (value) => {
    const v = norm(value);
    if (v === 'unpaid') return (r) => Number(r.outstanding_receivable_amount ?? 0) > 0;
    return undefined;
  },
};

const SUFFIX =
  /^(.+)_(startswith|contains|less_than|less_equals|greater_than|greater_equals|start|end|before|after)$/;

/** `status=unpaid` and `filter_by=Status.Unpaid` mean the same: a group name or one status. */
function statusPredicate(value: string, facts: ListFacts): Predicate {
  const group = Object.entries(facts.statusGroups ?? {}).find(([name]) => norm(name) === norm(value))?.[1];
  if (group) return (r) => group.includes(facts.status(r));
  return (r) => norm(facts.status(r)) === norm(value);
}

function fieldPredicate(key: string, value: string, fields: Shape, facts: ListFacts): Predicate | undefined {
  if (fields.has(key)) {
    if (key === 'status') return statusPredicate(value, facts);
    return (r) => text(r[key]) === value.toLowerCase();
  }
  const m = SUFFIX.exec(key);
  if (!m || !fields.has(m[1]!)) return undefined;
  const [, field, op] = m as unknown as [string, string, string];
  const needle = value.toLowerCase();
  if (op === 'startswith') return (r) => text(r[field]).startsWith(needle);
  if (op === 'contains') return (r) => text(r[field]).includes(needle);
  if (['start', 'end', 'before', 'after'].includes(op)) return dateBound(field, op, value);
  return (r) => compare(r[field], value, op);
}

function filterBy(raw: string, fields: Shape, facts: ListFacts): Predicate | undefined {
  // Sales receipts take bare periods (`ThisMonth`); every other list names a family (`Date.ThisMonth`).
  const m = /^(?:(\w+)\.)?(\w+)$/.exec(raw);
  if (!m) throw invalidValue('filter_by');
  const [, family = 'Date', value] = m as unknown as [string, string | undefined, string];
  if (norm(value) === 'all') return undefined;
  const predicate = FILTER_FAMILIES[norm(family)]?.(value, fields, facts);
  if (!predicate) throw invalidValue('filter_by');
  return predicate;
}

/** Reads pagination, sorting and the filter patterns of REFERENCE §5; bad values are code 2. */
export function parseListQuery(params: URLSearchParams, fields: Shape, facts: ListFacts): ListQuery {
  const perPage = positiveInt(params.get('per_page'), 'per_page', MAX_PER_PAGE);
  if (perPage > MAX_PER_PAGE) throw invalidValue('per_page');
  const sortOrder = params.get('sort_order') ?? 'D';
  if (sortOrder !== 'A' && sortOrder !== 'D') throw invalidValue('sort_order');
  const sortColumn = params.get('sort_column') || undefined;
  if (sortColumn && !fields.has(sortColumn) && sortColumn !== 'created_time')
    throw invalidValue('sort_column');
  const option = params.get('response_option') ?? '0';
  if (!['0', '1', '2'].includes(option)) throw invalidValue('response_option');
  const predicates: Predicate[] = [];
  for (const [key, value] of params) {
    if (RESERVED.has(key) || value === '') continue;
    const p = fieldPredicate(key, value, fields, facts);
    if (p) predicates.push(p);
  }
  const dateField = dateFieldOf(fields);
  for (const op of ['start', 'end', 'before', 'after']) {
    const value = params.get(`date_${op}`);
    if (value) predicates.push(dateBound(dateField, op, value));
  }
  const filter = params.get('filter_by');
  if (filter) {
    const p = filterBy(filter, fields, facts);
    if (p) predicates.push(p);
  }
  const search = params.get('search_text')?.toLowerCase();
  if (search) {
    predicates.push((r) =>
      Object.values(r).some(
        (v) => (typeof v === 'string' || typeof v === 'number') && text(v).includes(search),
      ),
    );
  }
  const modified = params.get('last_modified_time');
  if (modified) {
    const since = parseZohoTime(modified);
    if (Number.isNaN(since)) throw invalidValue('last_modified_time');
    predicates.push((r) => parseZohoTime(String(r.last_modified_time ?? '')) >= since);
  }
  return {
    page: positiveInt(params.get('page'), 'page', 1),
    perPage,
    sortColumn,
    sortOrder,
    appliedFilter: filter ?? 'Status.All',
    responseOption: Number(option) as 0 | 1 | 2,
    predicates,
  };
}

function sortValue(v: unknown): number | string {
  if (typeof v === 'number') return v;
  return text(v);
}

interface ListResult {
  items: Rec[];
  hasMore: boolean;
  total: number;
}

/**
 * Filters, sorts and cuts one page. Without a sort column the order is newest first (creation order
 * reversed), which needs no sort at all: a 100,000-record export pages in linear time.
 */
export function runList(records: Iterable<Rec>, q: ListQuery): ListResult {
  let rows = q.predicates.length ? [...records].filter((r) => q.predicates.every((p) => p(r))) : [...records];
  if (q.sortColumn) {
    const col = q.sortColumn;
    const dir = q.sortOrder === 'A' ? 1 : -1;
    const keyed = rows.map((r, i) => ({ r, i, k: sortValue(r[col]) }));
    keyed.sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.i - b.i));
    rows = keyed.map((x) => x.r);
  } else if (q.sortOrder === 'D') {
    rows.reverse();
  }
  const start = (q.page - 1) * q.perPage;
  return {
    items: rows.slice(start, start + q.perPage),
    hasMore: start + q.perPage < rows.length,
    total: rows.length,
  };
}

export function pageContext(q: ListQuery, result: ListResult, reportName: string): Rec {
  return {
    page: q.page,
    per_page: q.perPage,
    has_more_page: result.hasMore,
    report_name: reportName,
    applied_filter: q.appliedFilter,
    sort_column: q.sortColumn ?? 'created_time',
    sort_order: q.sortOrder,
    search_criteria: [],
    ...(q.responseOption > 0
      ? { total: result.total, total_pages: Math.ceil(result.total / q.perPage) }
      : {}),
  };
}
