import { invalidValue } from '../errors.js';
import { round2 } from '../records.js';
import type { Rec } from '../state.js';
import { numberField, stringField } from '../validate.js';
import { claimUnique, releaseUnique, STORES } from './common.js';
import type { ModelContext, ResourceModel } from './model.js';

const TYPES = ['customer', 'vendor'];
const NAME_INDEX = 'contacts.contact_name';

const duplicate = (name: string) => `The contact name "${name}" already exists.`;

const contactType = (input: Rec, fallback: string): string => {
  const type = stringField(input, 'contact_type') ?? fallback;
  if (!TYPES.includes(type)) throw invalidValue('contact_type');
  return type;
};

/**
 * Outstanding amounts follow the documents: invoices and bills move them by the change of their
 * open balance, so a contact never needs a scan of every invoice.
 */
export const adjustOutstanding = (
  ctx: ModelContext,
  contactId: unknown,
  field: 'outstanding_receivable_amount' | 'outstanding_payable_amount',
  delta: number,
): void => {
  if (delta === 0) return;
  const contact = ctx.store.table(STORES.contacts).get(String(contactId));
  if (contact) contact[field] = round2(Number(contact[field] ?? 0) + delta);
};

export const contactModel: ResourceModel = {
  store: STORES.contacts,
  required: ['contact_name'],
  create(ctx, input, record) {
    const name = String(input.contact_name).trim();
    claimUnique(ctx, NAME_INDEX, name, String(record.contact_id), duplicate);
    Object.assign(record, input, {
      contact_name: name,
      company_name: stringField(input, 'company_name') ?? '',
      contact_type: contactType(input, 'customer'),
      status: 'active',
      email: stringField(input, 'email') ?? '',
      currency_id: stringField(input, 'currency_id') ?? ctx.store.org.currency_id,
      currency_code: ctx.store.org.currency_code,
      payment_terms: numberField(input, 'payment_terms', 'payment_terms', 0),
      outstanding_receivable_amount: 0,
      outstanding_payable_amount: 0,
      unused_credits_receivable_amount: 0,
      unused_credits_payable_amount: 0,
    });
  },
  update(ctx, input, record) {
    if (input.contact_name !== undefined) {
      const name = String(input.contact_name).trim();
      if (name === '') throw invalidValue('contact_name');
      claimUnique(ctx, NAME_INDEX, name, String(record.contact_id), duplicate, String(record.contact_name));
      input.contact_name = name;
    }
    if (input.contact_type !== undefined)
      input.contact_type = contactType(input, String(record.contact_type));
    for (const computed of ['outstanding_receivable_amount', 'outstanding_payable_amount'])
      delete input[computed];
    Object.assign(record, input);
  },
  remove(ctx, record) {
    releaseUnique(ctx, NAME_INDEX, record.contact_name);
  },
  clone(ctx, template, id) {
    const name = `${template.contact_name} ${ctx.store.next('seed.contact')}`;
    claimUnique(ctx, NAME_INDEX, name, id, duplicate);
    return {
      ...template,
      contact_id: id,
      contact_name: name,
      outstanding_receivable_amount: 0,
      outstanding_payable_amount: 0,
    };
  },
  sample(ctx) {
    return { contact_name: `Sample Customer ${ctx.store.next('sample.contact')}`, contact_type: 'customer' };
  },
};
