// The types a program names when it uses the client: records (`Invoice`), request bodies
// (`CreateInvoiceRequest`), queries (`ListInvoicesQuery`) and module interfaces (`InvoicesApi`).
// The package exports them as one namespace, `Books`, so the client keeps its one name.
export type * from './generated/api.js';
export type * from './generated/types.js';
export type { Acknowledgement } from './method-types.js';
