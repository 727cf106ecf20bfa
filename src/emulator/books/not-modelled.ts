import { notModelled } from './errors.js';
import type { BooksHandler } from './route.js';

/**
 * Operations the emulator answers with 501 "not modelled" instead of pretending: each needs a part of
 * Zoho the emulator does not have. Listed here, and in the README's "What the emulator does not model".
 * The path's records are still checked first (a missing one is 404, as everywhere).
 */
export const NOT_MODELLED: Readonly<Record<string, string>> = {
  import_customer_using_crm_account_id: 'it imports from Zoho CRM, which the emulator does not run',
  import_customer_using_crm_contact_id: 'it imports from Zoho CRM, which the emulator does not run',
  import_vendor_using_crm_vendor_id: 'it imports from Zoho CRM, which the emulator does not run',
  post_crm_item_import: 'it imports from Zoho CRM, which the emulator does not run',
  get_matching_bank_transactions: 'matching statement lines to transactions needs Books’ matching rules',
  match_bank_transaction: 'matching statement lines to transactions needs Books’ matching rules',
  categorize_bank_transaction: 'categorizing creates postings in the general ledger, which is not kept',
  categorize_bank_transaction_as_expense:
    'categorizing creates postings in the general ledger, which is not kept',
  categorize_bank_transaction_as_vendor_payment:
    'categorizing creates postings in the general ledger, which is not kept',
  categorize_bank_transaction_as_customer_payment:
    'categorizing creates postings in the general ledger, which is not kept',
  categorize_as_credit_note_refunds: 'categorizing creates postings in the general ledger, which is not kept',
  categorize_as_vendor_credit_refunds:
    'categorizing creates postings in the general ledger, which is not kept',
  categorize_bank_transaction_as_payment_refund:
    'categorizing creates postings in the general ledger, which is not kept',
  categorize_as_vendor_payment_refund:
    'categorizing creates postings in the general ledger, which is not kept',
  list_chart_of_account_transactions: 'account transactions are general-ledger postings, which are not kept',
  delete_chart_of_account_transaction: 'account transactions are general-ledger postings, which are not kept',
  get_fixed_asset_forecast: 'depreciation schedules are not computed',
  get_fixed_asset_history: 'depreciation valuations are not computed',
  generate_invoice_payment_link: 'payment links need Zoho’s payment gateways and customer portal',
  update_sales_order_sub_status:
    'custom sub-statuses are defined in the web app’s settings, which no API creates',
  map_invoice_with_salesorder:
    'mapping existing invoices to sales orders needs quantity tracking per order line',
};

export function notModelledHandler(why: string): BooksHandler {
  return (ctx) => {
    throw notModelled(ctx.core, ctx.op.id, why);
  };
}
