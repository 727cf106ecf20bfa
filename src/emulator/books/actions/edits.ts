import { invalidValue, missingField, notFound } from '../errors.js';
import { actionBody } from '../generic.js';
import { isPlainObject, zohoTime } from '../records.js';
import type { BooksContext, BooksHandler, BooksReply } from '../route.js';
import { storeOf } from '../route.js';
import type { Rec } from '../state.js';
import { done, recordAnswer, subjectOf } from './helpers.js';

/**
 * Small edits of one record through their own operations: its billing or shipping address, its custom
 * fields, flags (payment reminders, portal, 1099 tracking, attachments in mails), its template.
 */
function touch(ctx: BooksContext, record: Rec, fields: Rec): void {
  Object.assign(record, fields, { last_modified_time: zohoTime(ctx.now) });
}

/** `PUT /<documents>/{id}/address/billing|shipping`: the address fields sent replace those kept. */
function address(which: 'billing_address' | 'shipping_address'): BooksHandler {
  return (ctx) => {
    const record = subjectOf(ctx);
    const body = actionBody(ctx);
    if (Object.keys(body).length === 0) throw missingField('address');
    const previous = isPlainObject(record[which]) ? (record[which] as Rec) : {};
    const next = { ...previous, ...body };
    touch(ctx, record, { [which]: next });
    if (ctx.op.key) return recordAnswer(ctx, 'Address has been updated.', next);
    return done(ctx, 'Address has been updated.');
  };
}

/**
 * `PUT /<thing>/{id}/customfields`: `{customfield_id, value}` pairs (a list, `custom_fields: [...]`, or
 * one pair) update the record's custom fields by id, adding the ones it lacks.
 */
function customFields(ctx: BooksContext): BooksReply {
  const record = subjectOf(ctx);
  const raw = ctx.body.json;
  const entries: unknown[] = Array.isArray(raw.custom_fields)
    ? raw.custom_fields
    : raw.customfield_id !== undefined
      ? [raw]
      : [];
  if (entries.length === 0) throw missingField('custom_fields');
  const fields = Array.isArray(record.custom_fields) ? [...(record.custom_fields as Rec[])] : [];
  entries.forEach((entry, i) => {
    if (!isPlainObject(entry) || (entry.customfield_id === undefined && entry.api_name === undefined)) {
      throw invalidValue(`custom_fields[${i}].customfield_id`);
    }
    const key = String(entry.customfield_id ?? entry.api_name);
    const at = fields.findIndex((f) => String(f.customfield_id ?? f.api_name) === key);
    const field = {
      ...(at >= 0 ? fields[at] : {}),
      ...entry,
      customfield_id: String(entry.customfield_id ?? ''),
    };
    if (at >= 0) fields[at] = field;
    else fields.push(field);
  });
  touch(ctx, record, { custom_fields: fields });
  return done(ctx, 'Custom fields have been updated.');
}

function flag(field: string, value: boolean, message: string): BooksHandler {
  return (ctx) => {
    actionBody(ctx);
    touch(ctx, subjectOf(ctx), { [field]: value });
    return done(ctx, message);
  };
}

/** `POST /contacts/{id}/portal/enable`: the named contact persons (the contact's own) get portal access. */
function enablePortal(ctx: BooksContext): BooksReply {
  const contact = subjectOf(ctx);
  const body = actionBody(ctx);
  const persons = Array.isArray(body.contact_persons) ? body.contact_persons : [];
  const table = storeOf(ctx).table('contacts/contactpersons');
  persons.forEach((p, i) => {
    const id = isPlainObject(p) ? String(p.contact_person_id ?? '') : String(p);
    const person = table.get(id);
    if (!person || person.contact_id !== contact.contact_id)
      throw invalidValue(`contact_persons[${i}].contact_person_id`);
    person.is_portal_enabled = true;
  });
  touch(ctx, contact, { is_portal_enabled: true });
  return done(ctx, 'Client portal preferences have been updated.');
}

/** `PUT /<documents>/{id}/attachment?can_send_in_mail=`: whether the attachment goes with mails. */
function attachmentPreference(ctx: BooksContext): BooksReply {
  const record = subjectOf(ctx);
  if (!record.attachment_name) throw notFound('attachment');
  const value = ctx.url.searchParams.get('can_send_in_mail');
  if (value !== 'true' && value !== 'false') throw invalidValue('can_send_in_mail');
  touch(ctx, record, { can_send_in_mail: value === 'true' });
  return done(ctx, 'Attachment preference has been updated.');
}

/** `PUT /<documents>/{id}/templates/{template_id}`: the document is printed and mailed with that template. */
function template(ctx: BooksContext): BooksReply {
  const doc = ctx.records[0]!;
  const chosen = ctx.records[1]!;
  touch(ctx, doc, {
    template_id: chosen.template_id,
    template_name: chosen.template_name,
    template_type: chosen.template_type,
  });
  return done(ctx, 'Template has been updated.');
}

export const editHandlers: Readonly<Record<string, BooksHandler>> = {
  ...Object.fromEntries(
    [
      'invoice',
      'estimate',
      'sales_order',
      'credit_note',
      'retainer_invoice',
      'bill',
      'purchase_order',
    ].flatMap((thing) => [
      [`update_${thing}_billing_address`, address('billing_address')],
      [`update_${thing}_shipping_address`, address('shipping_address')],
    ]),
  ),
  update_custom_fields_in_bill: customFields,
  update_custom_fields_in_customer_payment: customFields,
  update_custom_fields_in_estimate: customFields,
  update_custom_fields_in_invoice: customFields,
  update_custom_fields_in_item: customFields,
  update_custom_fields_in_purchase_order: customFields,
  update_salesorder_customfields: customFields,
  enable_invoice_payment_reminder: flag('payment_reminder_enabled', true, 'Reminders enabled.'),
  disable_invoice_payment_reminder: flag('payment_reminder_enabled', false, 'Reminders stopped.'),
  enable_contact_payment_reminder: flag(
    'payment_reminder_enabled',
    true,
    'All reminders associated with this contact have been enabled.',
  ),
  disable_contact_payment_reminder: flag(
    'payment_reminder_enabled',
    false,
    'All reminders associated with this contact have been stopped.',
  ),
  track_contact_1099: flag('track_1099', true, '1099 tracking is enabled.'),
  untrack_contact_1099: flag('track_1099', false, '1099 tracking is disabled.'),
  enable_contact_portal: enablePortal,
  update_invoice_attachment_preference: attachmentPreference,
  update_sales_order_attachment_preference: attachmentPreference,
  update_purchase_order_attachment: attachmentPreference,
  update_invoice_template: template,
  update_estimate_template: template,
  update_sales_order_template: template,
  update_purchase_order_template: template,
  update_credit_note_template: template,
  update_retainer_invoice_template: template,
  update_recurring_invoice_template: template,
};
