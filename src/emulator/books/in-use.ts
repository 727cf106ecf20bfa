import type { EmulatorCore } from '../emulator-core.js';
import type { BusinessRefusal } from './codes.js';
import { refuse } from './errors.js';
import { isPlainObject } from './records.js';
import { type ReferenceMap, storesFor } from './references.js';
import type { OrgStore, Rec } from './state.js';
import type { Collection, Surface } from './surface-index.js';

/**
 * Master records that transactions point at: deleting one still in use is refused (REFERENCE §5: a contact
 * with transactions is code 3000; the others are [open], `recordInUse`). Documents pointing at documents
 * (an invoice's estimate) do not block a delete: Zoho keeps the invoice and drops the link.
 */
const GUARDED: Readonly<Record<string, { refusal: BusinessRefusal; message: string }>> = {
  contacts: {
    refusal: 'contactInUse',
    message: 'The contact has transactions associated with it and cannot be deleted.',
  },
  items: { refusal: 'recordInUse', message: 'The item is used in transactions and cannot be deleted.' },
  'settings/taxes': {
    refusal: 'recordInUse',
    message: 'The tax is used in transactions and cannot be deleted.',
  },
  'settings/taxgroups': {
    refusal: 'recordInUse',
    message: 'The tax group is used in transactions and cannot be deleted.',
  },
  chartofaccounts: {
    refusal: 'recordInUse',
    message: 'The account has transactions associated with it and cannot be deleted.',
  },
  bankaccounts: {
    refusal: 'recordInUse',
    message: 'The account has transactions associated with it and cannot be deleted.',
  },
  'settings/currencies': {
    refusal: 'recordInUse',
    message: 'The currency is used in transactions and cannot be deleted.',
  },
  projects: { refusal: 'recordInUse', message: 'The project has transactions and cannot be deleted.' },
  locations: {
    refusal: 'recordInUse',
    message: 'The location is used in transactions and cannot be deleted.',
  },
  fixedassettypes: {
    refusal: 'recordInUse',
    message: 'The fixed asset type is used by fixed assets and cannot be deleted.',
  },
  'settings/taxauthorities': {
    refusal: 'recordInUse',
    message: 'The tax authority is used by taxes and cannot be deleted.',
  },
  'settings/taxexemptions': {
    refusal: 'recordInUse',
    message: 'The tax exemption is used in transactions and cannot be deleted.',
  },
};

/** Stores whose records are children of a record of `c` (its comments, addresses…): deleted with it. */
function childStores(surface: Surface, c: Collection): Collection[] {
  return surface.collections.filter(
    (child) =>
      child.parents.length > 0 && child.parents.at(-1) === c.idField && child.key.startsWith(`${c.key}/`),
  );
}

function refersTo(refs: ReferenceMap, record: Rec, store: string, id: string): boolean {
  for (const [field, value] of Object.entries(record)) {
    if (value === id && storesFor(refs, field)?.includes(store)) return true;
    if (Array.isArray(value)) {
      for (const entry of value) {
        if (!isPlainObject(entry)) continue;
        for (const [f, v] of Object.entries(entry))
          if (v === id && storesFor(refs, f)?.includes(store)) return true;
      }
    }
  }
  return false;
}

/**
 * Refuses to delete `record` of `c` while another record (not one of its own children) refers to it.
 * A scan of the organization: deletes are rare and a scan stays correct whatever refers to what.
 */
export function refuseIfInUse(core: EmulatorCore, store: OrgStore, c: Collection, record: Rec): void {
  const surface = core.surface;
  const guard = GUARDED[c.store];
  if (!guard) return;
  const id = String(record[c.idField]);
  const children = new Set(childStores(surface, c).map((child) => child.store));
  for (const [name, table] of store.allTables()) {
    // A record's own history (`<store>/comments`) and files are its own, not uses of it.
    if (name === c.store || children.has(name) || name === `${c.store}/comments` || name === '_files')
      continue;
    for (const other of table.values()) {
      if (refersTo(core.rules.refs, other, c.store, id)) throw refuse(core, guard.refusal, guard.message);
    }
  }
}

/** Deletes a record's children (comments, addresses, contact persons) with it. */
export function deleteChildren(surface: Surface, store: OrgStore, c: Collection, record: Rec): void {
  const id = record[c.idField];
  const history = store.table(`${c.store}/comments`);
  for (const [key, r] of history) if (r[c.idField] === id) history.delete(key);
  for (const child of childStores(surface, c)) {
    const table = store.table(child.store);
    const field = child.parents.at(-1)!;
    for (const [key, r] of table) if (r[field] === id) table.delete(key);
  }
}
