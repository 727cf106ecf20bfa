/**
 * The `code` of each business refusal (HTTP 400) the emulator answers. Books publishes no per-module list;
 * Zoho Invoice, the same engine, documents a few (REFERENCE §5, [zi-doc]) and those are the defaults here.
 * The others are [open]: Zoho's real code is unknown, so each is a setting (`configure({ codes: {…} })`,
 * `POST /_emulator/config`) whose default is Zoho's generic "invalid value" code 2.
 */
export interface BusinessCodes {
  /** A document number already used by another document of the same type [zi-doc 1001]. */
  duplicateNumber: number;
  /** A contact (or item, account, user…) name that already exists [zi-doc 3062]. */
  duplicateName: number;
  /** Deleting a contact that has transactions [zi-doc 3000]. */
  contactInUse: number;
  /** Deleting (or voiding) a document with payments or credits recorded against it [zi-doc 4001]. */
  documentHasPayments: number;
  /** An amount applied, paid or refunded beyond the balance it draws on [zi-doc 24016]. */
  amountExceedsBalance: number;
  /** Deleting an item, tax, account, currency or other record still used by a transaction [open]. */
  recordInUse: number;
  /** An action the record's status does not allow (sending a void invoice, applying a draft credit note) [open]. */
  invalidStatus: number;
  /** A journal whose debits and credits differ [open]. */
  unbalancedJournal: number;
  /** An operation the emulator does not model (answered with HTTP 501); not a Zoho code. */
  notModelled: number;
}

export const DEFAULT_CODES: Readonly<BusinessCodes> = Object.freeze({
  duplicateNumber: 1001,
  duplicateName: 3062,
  contactInUse: 3000,
  documentHasPayments: 4001,
  amountExceedsBalance: 24016,
  recordInUse: 2,
  invalidStatus: 2,
  unbalancedJournal: 2,
  notModelled: 501,
});

export type BusinessRefusal = keyof BusinessCodes;
