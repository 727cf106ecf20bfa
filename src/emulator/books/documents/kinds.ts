/**
 * Every sales and purchase document Books has, described once: one shared model (document-model.ts)
 * computes, numbers, files and moves all of them. A kind says only what differs between them.
 * Statuses and number prefixes are Zoho's (OpenAPI create_* answer examples, `filter_by` values).
 */
export interface DocumentKind {
  /** Store name, as in the surface. */
  readonly store: string;
  readonly idField: string;
  /** Noun for messages: "estimate" → "The estimate has been created." */
  readonly thing: string;
  /** Who the document is with: a customer (sales) or a vendor (purchases). */
  readonly party: 'customer' | 'vendor';
  /** Its number field and the organization's default prefix; absent for unnumbered documents. */
  readonly number?: { field: string; prefix: string; sequence: string; required?: boolean };
  /** Fields Zoho insists on at creation. */
  readonly required: readonly string[];
  /** The status a new document has. */
  readonly initialStatus: string;
  /** Its date field (`date`, or `start_date` for recurring profiles). */
  readonly dateField: string;
  /** A due date computed from `payment_terms` (invoices, bills), or an expiry (estimates). */
  readonly dueField?: 'due_date' | 'expiry_date';
  /** Statuses that turn into `overdue` (or `expired`) once the day in `field` has passed. */
  readonly lapses?: { from: readonly string[]; to: string; field: string };
  /** Whether the document carries money owed (a balance payments and credits draw down). */
  readonly balance: boolean;
  /** The field payments add to, and the field credits add to (bills say vendor_credits_applied). */
  readonly paidField?: string;
  readonly creditedField?: string;
  /** Every field that draws the balance down (payments, credits, write-offs, refunds). */
  readonly drawnBy: readonly string[];
  /** Status names that group others for `filter_by=Status.<name>` and `status=<name>`. */
  readonly statusGroups?: Readonly<Record<string, readonly string[]>>;
  /** Line items are required (a recurring bill or sales order may start without). */
  readonly linesRequired: boolean;
  /** Lines may name an account instead of an item (purchases). */
  readonly accountLines: boolean;
}

const UNPAID = ['sent', 'overdue', 'partially_paid'];

export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  {
    store: 'invoices',
    idField: 'invoice_id',
    thing: 'invoice',
    party: 'customer',
    number: { field: 'invoice_number', prefix: 'INV-', sequence: 'invoice' },
    required: ['customer_id', 'line_items'],
    initialStatus: 'draft',
    dateField: 'date',
    dueField: 'due_date',
    lapses: { from: ['sent', 'partially_paid'], to: 'overdue', field: 'due_date' },
    balance: true,
    paidField: 'payment_made',
    creditedField: 'credits_applied',
    statusGroups: { Unpaid: UNPAID, Open: UNPAID },
    drawnBy: ['payment_made', 'credits_applied', 'write_off_amount'],
    linesRequired: true,
    accountLines: false,
  },
  {
    store: 'estimates',
    idField: 'estimate_id',
    thing: 'estimate',
    party: 'customer',
    number: { field: 'estimate_number', prefix: 'EST-', sequence: 'estimate' },
    required: ['customer_id', 'line_items'],
    initialStatus: 'draft',
    dateField: 'date',
    dueField: 'expiry_date',
    lapses: { from: ['sent'], to: 'expired', field: 'expiry_date' },
    balance: false,
    drawnBy: [],
    linesRequired: true,
    accountLines: false,
  },
  {
    store: 'salesorders',
    idField: 'salesorder_id',
    thing: 'sales order',
    party: 'customer',
    number: { field: 'salesorder_number', prefix: 'SO-', sequence: 'salesorder' },
    required: ['customer_id'],
    initialStatus: 'open',
    dateField: 'date',
    balance: false,
    drawnBy: [],
    linesRequired: false,
    accountLines: false,
  },
  {
    store: 'purchaseorders',
    idField: 'purchaseorder_id',
    thing: 'purchase order',
    party: 'vendor',
    number: { field: 'purchaseorder_number', prefix: 'PO-', sequence: 'purchaseorder' },
    required: ['vendor_id', 'line_items'],
    initialStatus: 'draft',
    dateField: 'date',
    balance: false,
    drawnBy: [],
    linesRequired: true,
    accountLines: true,
  },
  {
    store: 'creditnotes',
    idField: 'creditnote_id',
    thing: 'credit note',
    party: 'customer',
    number: { field: 'creditnote_number', prefix: 'CN-', sequence: 'creditnote' },
    required: ['customer_id', 'line_items'],
    initialStatus: 'draft',
    dateField: 'date',
    balance: true,
    drawnBy: ['total_credits_used', 'total_refunded_amount'],
    linesRequired: true,
    accountLines: false,
  },
  {
    store: 'vendorcredits',
    idField: 'vendor_credit_id',
    thing: 'vendor credit',
    party: 'vendor',
    number: { field: 'vendor_credit_number', prefix: 'DN-', sequence: 'vendorcredit' },
    required: ['vendor_id', 'line_items'],
    initialStatus: 'open',
    dateField: 'date',
    balance: true,
    drawnBy: ['total_credits_used', 'total_refunded_amount'],
    linesRequired: true,
    accountLines: true,
  },
  {
    store: 'retainerinvoices',
    idField: 'retainerinvoice_id',
    thing: 'retainer invoice',
    party: 'customer',
    number: { field: 'retainerinvoice_number', prefix: 'RET-', sequence: 'retainerinvoice' },
    required: ['customer_id', 'line_items'],
    initialStatus: 'draft',
    dateField: 'date',
    balance: true,
    paidField: 'payment_made',
    statusGroups: { Unpaid: ['sent', 'partially_paid'] },
    drawnBy: ['payment_made'],
    linesRequired: true,
    accountLines: false,
  },
  {
    store: 'salesreceipts',
    idField: 'sales_receipt_id',
    thing: 'sales receipt',
    party: 'customer',
    number: { field: 'receipt_number', prefix: 'SR-', sequence: 'salesreceipt' },
    required: ['customer_id', 'payment_mode', 'line_items'],
    initialStatus: 'sent',
    dateField: 'date',
    balance: false,
    drawnBy: [],
    linesRequired: true,
    accountLines: false,
  },
  {
    store: 'recurringinvoices',
    idField: 'recurring_invoice_id',
    thing: 'recurring invoice',
    party: 'customer',
    required: ['recurrence_name', 'customer_id', 'recurrence_frequency', 'line_items'],
    initialStatus: 'active',
    dateField: 'start_date',
    lapses: { from: ['active'], to: 'expired', field: 'end_date' },
    balance: false,
    drawnBy: [],
    linesRequired: true,
    accountLines: false,
  },
  {
    store: 'bills',
    idField: 'bill_id',
    thing: 'bill',
    party: 'vendor',
    number: { field: 'bill_number', prefix: '', sequence: 'bill', required: true },
    required: ['vendor_id', 'bill_number', 'line_items'],
    initialStatus: 'open',
    dateField: 'date',
    dueField: 'due_date',
    lapses: { from: ['open', 'partially_paid'], to: 'overdue', field: 'due_date' },
    balance: true,
    paidField: 'payment_made',
    creditedField: 'vendor_credits_applied',
    statusGroups: { Unpaid: ['open', 'overdue', 'partially_paid'] },
    drawnBy: ['payment_made', 'vendor_credits_applied'],
    linesRequired: true,
    accountLines: true,
  },
  {
    store: 'recurringbills',
    idField: 'recurring_bill_id',
    thing: 'recurring bill',
    party: 'vendor',
    required: ['vendor_id', 'recurrence_name', 'start_date', 'repeat_every', 'recurrence_frequency'],
    initialStatus: 'active',
    dateField: 'start_date',
    lapses: { from: ['active'], to: 'expired', field: 'end_date' },
    balance: false,
    drawnBy: [],
    linesRequired: false,
    accountLines: true,
  },
];

export function kindOf(store: string): DocumentKind | undefined {
  return DOCUMENT_KINDS.find((k) => k.store === store);
}

export function partyField(kind: DocumentKind): 'customer_id' | 'vendor_id' {
  return kind.party === 'customer' ? 'customer_id' : 'vendor_id';
}
