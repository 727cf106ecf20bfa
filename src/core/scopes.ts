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

/** Whether `granted` covers `needed` (e.g. ZohoBooks.invoices.CREATE): full access, the same scope, or family.ALL. */
export function scopeCovers(granted: readonly string[], needed: string): boolean {
  const [service, family, operation] = needed.toLowerCase().split('.');
  return granted.some((g) => {
    const [gs, gf, go] = g.toLowerCase().split('.');
    if (gs !== service) return false;
    if (gf === 'fullaccess' && go === 'all') return true;
    return gf === family && (go === operation || go === 'all');
  });
}
