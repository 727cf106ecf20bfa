/**
 * What a person scans each module's list for, in that order: the record's id first (never truncated), then its
 * number and who it is for, its status, the money, the date. Only columns the records have are shown.
 */
const BY_MODULE: Record<string, readonly string[]> = {
  invoices: ['invoice_id', 'invoice_number', 'customer_name', 'status', 'total', 'balance', 'date'],
  recurringInvoices: [
    'recurrence_id',
    'recurrence_name',
    'customer_name',
    'status',
    'total',
    'next_invoice_date',
  ],
  retainerInvoices: [
    'retainerinvoice_id',
    'retainerinvoice_number',
    'customer_name',
    'status',
    'total',
    'balance',
    'date',
  ],
  estimates: ['estimate_id', 'estimate_number', 'customer_name', 'status', 'total', 'date'],
  salesOrder: ['salesorder_id', 'salesorder_number', 'customer_name', 'status', 'total', 'date'],
  salesReceipt: ['sales_receipt_id', 'receipt_number', 'customer_name', 'status', 'total', 'date'],
  creditNotes: ['creditnote_id', 'creditnote_number', 'customer_name', 'status', 'total', 'balance', 'date'],
  customerDebitNotes: [
    'debit_note_id',
    'debit_note_number',
    'customer_name',
    'status',
    'total',
    'balance',
    'date',
  ],
  customerPayments: ['payment_id', 'payment_number', 'customer_name', 'amount', 'unused_amount', 'date'],
  bills: ['bill_id', 'bill_number', 'vendor_name', 'status', 'total', 'balance', 'date'],
  recurringBills: [
    'recurring_bill_id',
    'recurrence_name',
    'vendor_name',
    'status',
    'total',
    'next_bill_date',
  ],
  purchaseOrder: ['purchaseorder_id', 'purchaseorder_number', 'vendor_name', 'status', 'total', 'date'],
  vendorCredits: [
    'vendor_credit_id',
    'vendor_credit_number',
    'vendor_name',
    'status',
    'total',
    'balance',
    'date',
  ],
  vendorPayments: ['payment_id', 'payment_number', 'vendor_name', 'amount', 'date'],
  contacts: [
    'contact_id',
    'contact_name',
    'company_name',
    'contact_type',
    'status',
    'email',
    'outstanding_receivable_amount',
  ],
  contactPersons: ['contact_person_id', 'first_name', 'last_name', 'email', 'phone'],
  items: ['item_id', 'name', 'sku', 'status', 'rate', 'stock_on_hand'],
  expenses: ['expense_id', 'account_name', 'paid_through_account_name', 'status', 'total', 'date'],
  recurringExpenses: [
    'recurring_expense_id',
    'recurrence_name',
    'account_name',
    'status',
    'total',
    'next_expense_date',
  ],
  journals: ['journal_id', 'entry_number', 'reference_number', 'status', 'total', 'journal_date'],
  chartOfAccounts: ['account_id', 'account_name', 'account_code', 'account_type', 'is_active'],
  bankAccounts: ['account_id', 'account_name', 'account_type', 'currency_code', 'balance'],
  bankTransactions: ['transaction_id', 'transaction_type', 'status', 'amount', 'date'],
  projects: ['project_id', 'project_name', 'customer_name', 'status', 'billing_type'],
  tasks: ['task_id', 'task_name', 'project_name', 'status'],
  timeEntries: ['time_entry_id', 'project_name', 'task_name', 'user_name', 'log_time', 'log_date'],
  users: ['user_id', 'name', 'email', 'role_name', 'status'],
  taxes: ['tax_id', 'tax_name', 'tax_percentage', 'tax_type'],
  currency: ['currency_id', 'currency_code', 'currency_name', 'exchange_rate'],
  locations: ['location_id', 'location_name', 'status'],
  fixedAssets: ['fixed_asset_id', 'asset_name', 'asset_number', 'status', 'current_asset_value'],
  organizations: ['organization_id', 'name', 'currency_code', 'is_default_org'],
};

/** The module's columns the record has; undefined when the module has none listed or the record few of them. */
export function moduleColumns(
  module: string | undefined,
  record: Record<string, unknown>,
): string[] | undefined {
  const wanted = module ? BY_MODULE[module] : undefined;
  if (!wanted) return undefined;
  const present = wanted.filter((column) => Object.hasOwn(record, column));
  return present.length >= 3 ? present : undefined;
}

/** An id column: shown whole, whatever the width of the terminal (it is what the next command needs). */
export const isIdColumn = (column: string): boolean => column === 'id' || column.endsWith('_id');
