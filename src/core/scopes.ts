/** Books scope families (REFERENCE §4): `ZohoBooks.<family>.<CREATE|READ|UPDATE|DELETE|ALL>`. */
export const BOOKS_SCOPE_FAMILIES = [
  'contacts',
  'settings',
  'estimates',
  'invoices',
  'customerpayments',
  'creditnotes',
  'projects',
  'expenses',
  'salesorders',
  'purchaseorders',
  'bills',
  'debitnotes',
  'vendorpayments',
  'banking',
  'accountants',
  'fixedasset',
  'custommodules',
] as const;

export const FULL_ACCESS = 'ZohoBooks.fullaccess.all';

/** Splits Zoho's comma- (or space-) separated scope list. */
export function parseScopes(scope: string | undefined): string[] {
  return (scope ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Whether `granted` covers `needed` (e.g. ZohoBooks.invoices.CREATE), in Zoho's grammar, case-insensitively:
 * `ZohoBooks.fullaccess.all` covers everything, `ZohoBooks.fullaccess.READ` every READ, `<family>.ALL` any
 * operation of its family, and `<family>.<OP>` itself. An operation that needs `ALL` (custom modules) is
 * covered only by an `ALL`.
 */
export function scopeCovers(granted: readonly string[], needed: string): boolean {
  const [service, family, operation] = needed.toLowerCase().split('.');
  return granted.some((g) => {
    const [gs, gf, go, ...rest] = g.toLowerCase().split('.');
    if (gs !== service || rest.length > 0) return false;
    return (gf === 'fullaccess' || gf === family) && (go === 'all' || go === operation);
  });
}

const SCOPE_ENTRY = /^[A-Za-z][\w-]*\.[A-Za-z][\w-]*\.[A-Za-z]+$/;

/**
 * The granted scopes, when `scope` (a token answer's, or the one recorded at login) can be trusted to list
 * them: present, and every entry in the `Service.family.OPERATION` form. Anything else is "unknown", and
 * zbooks then lets Zoho judge instead of refusing a call it cannot be sure about.
 */
export function knownGrantedScopes(scope: string | undefined): string[] | undefined {
  const list = parseScopes(scope);
  return list.length > 0 && list.every((entry) => SCOPE_ENTRY.test(entry)) ? list : undefined;
}
