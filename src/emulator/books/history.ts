import type { ModelContext } from './models/model.js';
import { zohoDate, zohoTime } from './records.js';

/**
 * Books keeps a record's history in the same list as people's comments (`comment_type: "system"`):
 * "Invoice created", "Payment of 50.00 recorded", "Invoice emailed to …". The history operations
 * (`list_contact_comments`, `list_recurring_invoice_history`, a document's `…/comments`) read it back.
 */
export function addHistory(
  ctx: ModelContext,
  store: string,
  parentField: string,
  parentId: unknown,
  description: string,
): void {
  const id = ctx.core.books.newId();
  const time = zohoTime(ctx.now);
  ctx.store.table(`${store}/comments`).set(id, {
    comment_id: id,
    [parentField]: String(parentId),
    description,
    comment_type: 'system',
    commented_by: ctx.store.org.contact_name,
    commented_by_id: '',
    date: zohoDate(ctx.now),
    date_description: 'a moment ago',
    time,
    operation_type: 'Added',
    transaction_id: String(parentId),
    created_time: time,
    last_modified_time: time,
  });
}
