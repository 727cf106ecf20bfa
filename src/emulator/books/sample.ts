import type { EmulatorCore } from '../emulator-core.js';
import { EmulatorInputError } from '../errors.js';
import { kindOf } from './documents/kinds.js';
import { insertRecord } from './generic.js';
import { MODELS } from './models/index.js';
import type { ModelContext } from './models/model.js';
import { apply, CREDIT_TO_INVOICE, PAYMENT_TO_BILL, PAYMENT_TO_INVOICE } from './money/applications.js';
import { NOT_MODELLED } from './not-modelled.js';
import { needsOrganization } from './org-access.js';
import { storeFor } from './org-lookup.js';
import { planPath } from './path-plan.js';
import { zohoDate } from './records.js';
import { storesFor } from './references.js';
import { appliedCredit, attach, importStatementFor, PREPARE, type SampleParts } from './sample/prepare.js';
import {
  collectionFor,
  documentFor,
  makeRecord,
  payment,
  referenceFor,
  sampleValue,
  sent,
  type World,
} from './sample/records.js';
import type { Rec } from './state.js';
import type { Collection, Operation } from './surface-index.js';

export { makeRecord, sampleValue };

/** Path records whose value must come from another record (an application, a document, a statement). */
function pathRecord(w: World, c: Collection, parents: Rec): Rec {
  const ctx = w.ctx;
  switch (c.store) {
    case 'invoices/payments': {
      const invoice = sent(ctx, 'invoices', w.records[0]!);
      const p = payment(ctx, 'customerpayments', invoice);
      return apply(ctx, PAYMENT_TO_INVOICE, p, invoice, 1);
    }
    case 'bills/payments': {
      const bill = w.records[0]!;
      const p = payment(ctx, 'vendorpayments', bill);
      return apply(ctx, PAYMENT_TO_BILL, p, bill, 1);
    }
    case 'invoices/creditsapplied': {
      const invoice = sent(ctx, 'invoices', w.records[0]!);
      const note = documentFor(ctx, 'creditnotes', invoice);
      return apply(ctx, CREDIT_TO_INVOICE, note, invoice, 1);
    }
    case 'creditnotes/invoices':
      return appliedCredit(w, 'creditnotes');
    case 'vendorcredits/bills':
      return appliedCredit(w, 'vendorcredits');
    case 'invoices/documents':
    case 'retainerinvoices/documents': {
      const owner = c.store.split('/')[0]!;
      attach(owner)({ ctx, records: [w.records[0]] }, { query: {} });
      const doc = (w.records[0]!.documents as Rec[])[0]!;
      const record = { document_id: doc.document_id, file_name: 'sample.pdf', ...parents };
      ctx.store.table(c.store).set(String(doc.document_id), record);
      return record;
    }
    case 'bankaccounts/statement': {
      importStatementFor(w, w.records[0]!);
      return [...ctx.store.table(c.store).values()].at(-1)!;
    }
    case 'creditnotes/refunds':
    case 'vendorcredits/refunds':
    case 'customerpayments/refunds':
    case 'vendorpayments/refunds': {
      const source = w.records[0]!;
      const kind = kindOf(c.store.split('/')[0]!);
      if (kind && source.status === 'draft') sent(ctx, kind.store, source);
      return insertRecord(ctx, MODELS, c, { amount: 1, date: zohoDate(ctx.now) }, parents);
    }
    case 'customerpayments':
      // Payments named in a path keep an unused amount, so refunds and credits have something to draw.
      return payment(ctx, 'customerpayments', { customer_id: referenceFor(ctx, 'customer_id', 0) });
    case 'vendorpayments':
      return payment(ctx, 'vendorpayments', { vendor_id: referenceFor(ctx, 'vendor_id', 0) });
    default:
      return makeRecord(ctx, c.store, parents);
  }
}

function bodyFor(w: World, op: Operation): Rec | undefined {
  if (op.body !== 'json') return undefined;
  const c = w.ctx.core.surface.collections[op.collection];
  const model = c && MODELS.get(c.store);
  if (model && ['create', 'update', 'upsert'].includes(op.role)) return model.sample(w.ctx);
  return Object.fromEntries(op.required.map((f) => [f, sampleValue(w.ctx, f, op.bodyShape.get(f))]));
}

/** A request the emulator answers with success for `operationId`, with the records it needs. */
export function sampleRequest(core: EmulatorCore, organizationId: string, operationId: string) {
  const op = core.surface.byId.get(operationId);
  if (!op) throw new EmulatorInputError(`unknown Books operation "${operationId}"`, 404);
  const store = storeFor(core, organizationId);
  const ctx: ModelContext = { core, store, now: core.clock.now() };
  const plan = planPath(core.surface, op);
  const w: World = { ctx, records: [] };
  const values: string[] = [];
  plan.params.forEach((param, i) => {
    const name = /\{([^}]+)\}/g.exec(op.path.split('/').filter((s) => s.startsWith('{'))[i] ?? '')?.[1] ?? '';
    if (param.kind !== 'record') {
      values.push(
        name === 'organization_id'
          ? organizationId
          : name === 'module_name'
            ? 'cm_sample'
            : name === 'status_code'
              ? 'cs_sample'
              : core.books.newId(),
      );
      w.records.push(undefined);
      return;
    }
    const c = param.collection;
    if (name === 'template_id') {
      const template = store.table(c.store).values().next().value as Rec;
      values.push(String(template.template_id));
      w.records.push(template);
      return;
    }
    const parents = Object.fromEntries(c.parents.map((p, j) => [p, values[param.parents[j] ?? -1]]));
    const record = pathRecord(w, c, parents);
    values.push(String(record[c.idField]));
    w.records.push(record);
  });
  const parts: SampleParts = { query: {}, file: /^add_.+_attachment$|^create_expense_receipt$/.test(op.id) };
  parts.body = bodyFor(w, op);
  for (const name of op.query) parts.query[name] ??= queryValue(w, op, name);
  PREPARE[op.id]?.(w, parts);
  let i = 0;
  const path = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[i++] ?? ''));
  const query: Record<string, string> = needsOrganization(op.id) ? { organization_id: organizationId } : {};
  Object.assign(query, parts.query);
  const headers: Record<string, string> =
    op.role === 'upsert'
      ? {
          'X-Unique-Identifier-Key': 'sample_key',
          'X-Unique-Identifier-Value': core.books.newId(),
          'X-Upsert': 'true',
        }
      : {};
  return {
    operationId,
    method: op.method,
    path: `/books/v3${path}`,
    query,
    headers,
    ...(parts.body ? { body: parts.body } : {}),
    ...(op.body === 'multipart' || parts.file ? { fileField: 'attachment' } : {}),
    modelled: !Object.hasOwn(NOT_MODELLED, op.id),
  };
}

/** A required query parameter: ids of fresh records for `*_ids`, a flag for booleans. */
function queryValue(w: World, op: Operation, name: string): string {
  const single = name.replace(/_ids$/, '_id');
  if (name === 'payment_id' || name === 'vendorpayment_id') {
    const store = op.path.startsWith('/vendorpayments') ? 'vendorpayments' : 'customerpayments';
    const party = referenceFor(w.ctx, store === 'vendorpayments' ? 'vendor_id' : 'customer_id', 0);
    const field = store === 'vendorpayments' ? 'vendor_id' : 'customer_id';
    return String(payment(w.ctx, store as 'customerpayments', { [field]: party }).payment_id);
  }
  if (name === 'can_send_in_mail' || name === 'bulk_delete') return 'true';
  if (name === 'account_id') return referenceFor(w.ctx, 'account_id', 0);
  if (storesFor(w.ctx.core.rules.refs, single)) {
    const store = storesFor(w.ctx.core.rules.refs, single)![0]!;
    const k = kindOf(store);
    return String(
      k
        ? documentFor(w.ctx, store)[k.idField]
        : makeRecord(w.ctx, store)[collectionFor(w.ctx, store).idField],
    );
  }
  return String(sampleValue(w.ctx, name, undefined));
}
