import { invalidValue } from '../errors.js';
import type { Rec } from '../state.js';
import { numberField, stringField } from '../validate.js';
import { claimUnique, releaseUnique, STORES } from './common.js';
import type { ModelContext, ResourceModel } from './model.js';

const TYPES = ['customer', 'vendor'];
const NAME_INDEX = 'contacts.contact_name';

function duplicate(name: string) {
  return `The contact name "${name}" already exists.`;
}

function contactType(input: Rec, fallback: string): string {
  const type = stringField(input, 'contact_type') ?? fallback;
  if (!TYPES.includes(type)) throw invalidValue('contact_type');
  return type;
}

/**
 * A contact's people, given inline as `contact_persons[]`: each becomes a contact person record (listed
 * under `/contacts/{id}/contactpersons`), and the contact's email is its primary person's (Zoho's contact
 * has no email of its own in requests).
 */
function persons(ctx: ModelContext, input: Rec, record: Rec): void {
  const raw = input.contact_persons;
  if (raw === undefined) return;
  if (!Array.isArray(raw)) throw invalidValue('contact_persons');
  const table = ctx.store.table('contacts/contactpersons');
  for (const [id, p] of table) if (p.contact_id === record.contact_id) table.delete(id);
  const time = String(record.last_modified_time ?? record.created_time ?? '');
  const list = raw.map((entry, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw invalidValue('contact_persons');
    const e = entry as Rec;
    const email = stringField(e, 'email') ?? '';
    if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalidValue(`contact_persons[${i}].email`);
    const person: Rec = {
      ...e,
      contact_person_id: ctx.core.books.newId(),
      contact_id: record.contact_id,
      first_name: stringField(e, 'first_name') ?? '',
      last_name: stringField(e, 'last_name') ?? '',
      email,
      is_primary_contact: e.is_primary_contact === true,
      created_time: time,
      last_modified_time: time,
    };
    table.set(String(person.contact_person_id), person);
    return person;
  });
  if (list.length && !list.some((p) => p.is_primary_contact)) list[0]!.is_primary_contact = true;
  record.contact_persons = list;
  record.email = String(list.find((p) => p.is_primary_contact)?.email ?? '');
}

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
      contact_persons: [],
      currency_id: stringField(input, 'currency_id') ?? ctx.store.org.currency_id,
      currency_code: ctx.store.org.currency_code,
      payment_terms: numberField(input, 'payment_terms', 'payment_terms', 0),
      outstanding_receivable_amount: 0,
      outstanding_payable_amount: 0,
      unused_credits_receivable_amount: 0,
      unused_credits_payable_amount: 0,
    });
    persons(ctx, input, record);
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
    for (const computed of [
      'outstanding_receivable_amount',
      'outstanding_payable_amount',
      'unused_credits_receivable_amount',
      'unused_credits_payable_amount',
    ])
      delete input[computed];
    persons(ctx, input, record);
    const { contact_persons: _persons, ...rest } = input;
    Object.assign(record, rest);
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
    const n = ctx.store.next('sample.contact');
    return {
      contact_name: `Sample Customer ${n}`,
      contact_type: 'customer',
      email: `customer${n}@example.com`,
    };
  },
};
