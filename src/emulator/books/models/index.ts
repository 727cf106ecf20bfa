import type { EmulatorCore } from '../../emulator-core.js';
import { genericHandlers } from '../generic.js';
import { organizationHandlers } from '../organizations.js';
import { zohoTime } from '../records.js';
import type { BooksHandler } from '../route.js';
import type { OrgStore } from '../state.js';
import type { Operation } from '../surface-index.js';
import { accountModel, seedSystemAccounts } from './accounts.js';
import { billHandlers, billModel } from './bills.js';
import { contactModel } from './contacts.js';
import { expenseModel } from './expenses.js';
import { invoiceHandlers } from './invoice-actions.js';
import { invoiceModel } from './invoices.js';
import { itemModel } from './items.js';
import type { ModelContext, ResourceModel } from './model.js';
import { invoicePaymentModel, paymentModel } from './payments.js';
import { currencyModel, seedBaseCurrency, taxModel } from './settings.js';
import { seedOwner, userHandlers, userModel } from './users.js';

export const MODELS: ReadonlyMap<string, ResourceModel> = new Map(
  [
    contactModel,
    itemModel,
    invoiceModel,
    paymentModel,
    invoicePaymentModel,
    billModel,
    expenseModel,
    accountModel,
    taxModel,
    currencyModel,
    userModel,
  ].map((m) => [m.store, m]),
);

/** The handler of each operation: a hand-written one where behaviour is modelled, else by its role. */
export const handlerResolver = (models: ReadonlyMap<string, ResourceModel>) => {
  const generic = genericHandlers(models);
  const specific: Record<string, BooksHandler> = {
    ...organizationHandlers,
    ...userHandlers,
    ...invoiceHandlers(models),
    ...billHandlers(models),
  };
  return (op: Operation): BooksHandler => specific[op.id] ?? generic[op.role];
};

/** What a new organization's books hold before anyone calls: base currency, system accounts, owner. */
export const initOrganization = (core: EmulatorCore, store: OrgStore): void => {
  const ctx: ModelContext = { core, store, now: core.clock.now() };
  const time = zohoTime(ctx.now);
  seedBaseCurrency(ctx, time);
  seedSystemAccounts(ctx, time);
  seedOwner(ctx, time);
};
