import type { EmulatorCore } from '../../emulator-core.js';
import { attachmentHandlers, documentRemoved } from '../actions/attachments.js';
import { bankingHandlers } from '../actions/banking.js';
import { bulkHandlers } from '../actions/bulk.js';
import { conversionHandlers } from '../actions/conversions.js';
import { editHandlers } from '../actions/edits.js';
import { emailHandlers } from '../actions/emails.js';
import { listHandlers } from '../actions/lists.js';
import { settingsHandlers } from '../actions/org-settings.js';
import { projectHandlers } from '../actions/projects.js';
import { statusHandlers } from '../actions/status-actions.js';
import { documentModel } from '../documents/document-model.js';
import { DOCUMENT_KINDS } from '../documents/kinds.js';
import { genericHandlers, withPdf } from '../generic.js';
import {
  CREDIT_TO_BILL,
  CREDIT_TO_INVOICE,
  PAYMENT_TO_BILL,
  PAYMENT_TO_INVOICE,
} from '../money/applications.js';
import { creditHandlers } from '../money/credits.js';
import { applicationModel, customerPaymentModel, vendorPaymentModel } from '../money/payments.js';
import { REFUND_MODELS } from '../money/refunds.js';
import { NOT_MODELLED, notModelledHandler } from '../not-modelled.js';
import { organizationHandlers } from '../organizations.js';
import { zohoTime } from '../records.js';
import type { BooksHandler } from '../route.js';
import type { OrgStore } from '../state.js';
import type { Operation } from '../surface-index.js';
import { accountModel, seedSystemAccounts } from './accounts.js';
import { contactModel } from './contacts.js';
import { expenseModel } from './expenses.js';
import { itemModel } from './items.js';
import { journalModel } from './journals.js';
import type { ModelContext, ResourceModel } from './model.js';
import { currencyModel, seedBaseCurrency, taxModel } from './settings.js';
import { seedOwner, userHandlers, userModel } from './users.js';

/** Files attached to a document are listed in a documents store; deleting one takes it off the document. */
function documentsModel(store: string, owner: string): ResourceModel {
  return {
    store,
    required: [],
    create() {
      throw new Error(`${store} records are made by attaching a file`);
    },
    remove: (ctx, record) => documentRemoved(ctx.store, owner, record),
    sample: () => ({}),
  };
}

/** Deleting the last imported statement takes its transactions that nobody categorized yet. */
const statementModel: ResourceModel = {
  store: 'bankaccounts/statement',
  required: [],
  create() {
    throw new Error('statements are made by importing them');
  },
  remove(ctx, record) {
    const table = ctx.store.table('banktransactions');
    for (const id of (record.transaction_ids as string[] | undefined) ?? []) {
      if (table.get(id)?.status === 'uncategorized') table.delete(id);
    }
  },
  sample: () => ({}),
};

export const MODELS: ReadonlyMap<string, ResourceModel> = new Map(
  [
    contactModel,
    itemModel,
    accountModel,
    taxModel,
    currencyModel,
    userModel,
    expenseModel,
    journalModel,
    ...DOCUMENT_KINDS.map(documentModel),
    customerPaymentModel,
    vendorPaymentModel,
    applicationModel(PAYMENT_TO_INVOICE, 'invoices/payments'),
    applicationModel(CREDIT_TO_INVOICE, 'creditnotes/invoices'),
    applicationModel(CREDIT_TO_INVOICE, 'invoices/creditsapplied'),
    applicationModel(PAYMENT_TO_BILL, 'bills/payments'),
    applicationModel(CREDIT_TO_BILL, 'vendorcredits/bills'),
    ...REFUND_MODELS,
    documentsModel('invoices/documents', 'invoices'),
    documentsModel('retainerinvoices/documents', 'retainerinvoices'),
    statementModel,
  ].map((m) => [m.store, m]),
);

/**
 * The handler of each operation: a hand-written one where behaviour is modelled, a clear 501 where it
 * is not (not-modelled.ts), else the generic one of its role (create, list, get… of a collection).
 */
export function handlerResolver(models: ReadonlyMap<string, ResourceModel>) {
  const generic = genericHandlers(models);
  const specific: Record<string, BooksHandler> = {
    ...organizationHandlers,
    ...userHandlers,
    ...statusHandlers(),
    ...emailHandlers,
    ...editHandlers,
    ...attachmentHandlers,
    ...listHandlers,
    ...creditHandlers,
    ...conversionHandlers(models),
    ...projectHandlers(models),
    ...settingsHandlers,
    ...bulkHandlers(models),
    ...bankingHandlers,
    ...Object.fromEntries(Object.entries(NOT_MODELLED).map(([id, why]) => [id, notModelledHandler(why)])),
  };
  return (op: Operation): BooksHandler => {
    const handler = specific[op.id] ?? generic[op.role];
    return op.role === 'get' ? withPdf(handler) : handler;
  };
}

/** Document templates every organization starts with, one per template list. */
const TEMPLATE_STORES = [
  'invoices/templates',
  'estimates/templates',
  'salesorders/templates',
  'purchaseorders/templates',
  'creditnotes/templates',
  'retainerinvoices/templates',
  'recurringinvoices/templates',
];

/** What a new organization's books hold before anyone calls: base currency, system accounts, owner, templates. */
export function initOrganization(core: EmulatorCore, store: OrgStore): void {
  const ctx: ModelContext = { core, store, now: core.clock.now() };
  const time = zohoTime(ctx.now);
  seedBaseCurrency(ctx, time);
  seedSystemAccounts(ctx, time);
  seedOwner(ctx, time);
  for (const name of TEMPLATE_STORES) {
    const id = core.books.newId();
    store.table(name).set(id, {
      template_id: id,
      template_name: 'Standard Template',
      template_type: 'standard',
      created_time: time,
      last_modified_time: time,
    });
  }
}
