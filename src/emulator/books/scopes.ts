/** What an operation needs, e.g. { family: 'settings', op: 'READ' } for ZohoBooks.settings.READ. */
export interface RequiredScope {
  family: string;
  op: 'CREATE' | 'READ' | 'UPDATE' | 'DELETE' | 'ALL';
}

/**
 * REFERENCE §4: `ZohoBooks.fullaccess.all` grants everything; `ZohoBooks.<family>.<OP>` grants OP on
 * that family, and OP `ALL` grants any operation. An operation that itself needs `ALL` (custom modules)
 * is granted only by `ALL`. Zoho compares scopes case-insensitively.
 */
export function scopeGrants(granted: string, required: RequiredScope): boolean {
  return granted
    .split(/[,\s]+/)
    .filter((s) => s !== '')
    .some((entry) => {
      const [service, family, op, ...rest] = entry.toLowerCase().split('.');
      if (service !== 'zohobooks' || rest.length > 0 || !family || !op) return false;
      const familyOk = family === 'fullaccess' || family === required.family.toLowerCase();
      return familyOk && (op === 'all' || op === required.op.toLowerCase());
    });
}
