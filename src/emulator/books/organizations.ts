import { makeOrganization } from '../org-factory.js';
import type { OrganizationRecord } from '../state.js';
import { BooksError, missingField, wrongOrganization } from './errors.js';
import { isPlainObject } from './records.js';
import type { BooksContext, BooksHandler } from './route.js';

/** The organizations a token may see: its user's, or only the `soid` one of a client_credentials token. */
function visible(ctx: BooksContext): OrganizationRecord[] {
  return ctx.client.organizations.filter(
    (o) => ctx.token.organizationId === undefined || o.organization_id === ctx.token.organizationId,
  );
}

/** The organization in the path, which must be one of the token's (and the one of `organization_id`). */
function pathOrganization(ctx: BooksContext): OrganizationRecord {
  const id = ctx.paramValues[0] ?? '';
  const org = visible(ctx).find((o) => o.organization_id === id);
  if (!org) throw wrongOrganization(id);
  return org;
}

/** Fields a PUT may change; ids, plan and the like stay Zoho's. */
const EDITABLE = new Set([
  'name',
  'contact_name',
  'email',
  'time_zone',
  'language_code',
  'date_format',
  'field_separator',
  'fiscal_year_start_month',
  'industry_type',
  'industry_size',
  'portal_name',
  'address',
]);

export const organizationHandlers: Readonly<Record<string, BooksHandler>> = {
  list_organizations: (ctx) => ({
    body: { code: 0, message: 'success', organizations: visible(ctx).map((o) => ({ ...o })) },
  }),
  get_organization: (ctx) => ({
    body: { code: 0, message: 'success', organization: { ...pathOrganization(ctx) } },
  }),
  update_organization: (ctx) => {
    const org = pathOrganization(ctx);
    for (const [key, value] of Object.entries(ctx.body.json)) {
      if (
        EDITABLE.has(key) &&
        (typeof value === 'string' || typeof value === 'number' || isPlainObject(value))
      ) {
        Object.assign(org, { [key]: value });
      }
    }
    return {
      body: { code: 0, message: 'Organization details have been updated.', organization: { ...org } },
    };
  },
  create_organization: (ctx) => {
    const { name, currency_code: currency } = ctx.body.json;
    if (typeof name !== 'string' || name.trim() === '') throw missingField('name');
    if (currency !== undefined && (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency))) {
      throw new BooksError(400, 2, 'Invalid value passed for currency_code');
    }
    const org = makeOrganization(
      ctx.core.state,
      ctx.client.dc,
      { name: name.trim(), ...(currency ? { currency_code: currency } : {}) },
      false,
      ctx.now,
    );
    ctx.client.organizations.push(org);
    return {
      status: 201,
      body: { code: 0, message: 'The organization has been created.', organization: { ...org } },
    };
  },
};
