import { dcProfile } from './dcs.js';
import { newOrganizationId } from './ids.js';
import type { EmulatorState, OrganizationRecord } from './state.js';
import type { OrganizationInput } from './types.js';

const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  USD: '$',
  EUR: '€',
  INR: '₹',
  AUD: '$',
  JPY: '¥',
  CAD: '$',
  CNY: '¥',
  SAR: 'SAR',
  GBP: '£',
};

function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function makeOrganization(
  state: EmulatorState,
  dc: string,
  input: OrganizationInput,
  isDefault: boolean,
  now: number,
): OrganizationRecord {
  const profile = dcProfile(dc);
  const organizationId = newOrganizationId((id) => state.organizationIds.has(id));
  state.organizationIds.add(organizationId);
  if (input.prefixes) state.prefixes.set(organizationId, { ...input.prefixes });
  const currency = (input.currency_code ?? profile.currency).toUpperCase();
  return {
    organization_id: organizationId,
    name: input.name,
    contact_name: 'Demo User',
    email: 'demo.user@example.com',
    is_default_org: isDefault,
    plan_type: 0,
    plan_name: (input.plan ?? 'STANDARD').toUpperCase(),
    currency_id: `${organizationId}000000000`,
    currency_code: currency,
    currency_symbol: CURRENCY_SYMBOLS[currency] ?? currency,
    price_precision: currency === 'JPY' ? 0 : 2,
    time_zone: profile.timeZone,
    language_code: 'en',
    date_format: 'yyyy-MM-dd',
    field_separator: '-',
    fiscal_year_start_month: 0,
    country: profile.country,
    account_created_date: isoDate(now),
    is_org_active: true,
    version: 'global',
    mode: 'production',
  };
}
