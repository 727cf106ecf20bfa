import { TRANSITIONS, transition } from '../documents/lifecycle.js';
import { refuse } from '../errors.js';
import { checkedBody, modelCtx } from '../generic.js';
import { addHistory } from '../history.js';
import { zohoTime } from '../records.js';
import type { BooksContext, BooksHandler, BooksReply } from '../route.js';
import { storeOf } from '../route.js';
import type { Rec } from '../state.js';
import { requireFields } from '../validate.js';
import { done, subjectOf } from './helpers.js';

/**
 * Status operations of records that are not sales or purchase documents: active/inactive, primary,
 * published, fixed asset states. Each lists the statuses it may start from; anything else is refused
 * (code [open], `invalidStatus`), and a record already in the target state is answered as done.
 */
interface Mark {
  /** Fields set on the record. */
  readonly set: Rec;
  /** The record's status (or `is_active` as active/inactive) must be one of these, when given. */
  readonly from?: readonly string[];
  /** Whether the record is already in the target state. */
  readonly already?: (r: Rec) => boolean;
  readonly message: string;
  /** Fields the body must carry (writing off or selling a fixed asset). */
  readonly required?: readonly string[];
  /** Clears the mark on the others of the same group (one primary location). */
  readonly exclusive?: { store: string; field: string; group?: string };
}

function active(thing: string): Mark {
  return {
    set: { status: 'active', is_active: true },
    already: (r) => r.status === 'active' || (r.status === undefined && r.is_active === true),
    message: `The ${thing} has been marked as active.`,
  };
}
function inactive(thing: string): Mark {
  return {
    set: { status: 'inactive', is_active: false },
    already: (r) => r.status === 'inactive' || r.is_active === false,
    message: `The ${thing} has been marked as inactive.`,
  };
}

const MARKS: Readonly<Record<string, Mark>> = {
  mark_bank_account_active: active('account'),
  mark_bank_account_inactive: inactive('account'),
  mark_chart_of_account_active: active('account'),
  mark_chart_of_account_inactive: inactive('account'),
  mark_contact_active: active('contact'),
  mark_contact_inactive: inactive('contact'),
  mark_item_active: active('item'),
  mark_item_inactive: inactive('item'),
  mark_project_active: active('project'),
  mark_project_inactive: inactive('project'),
  mark_user_active: { ...active('user'), from: ['inactive', 'active'] },
  mark_user_inactive: { ...inactive('user'), from: ['active', 'invited', 'inactive'] },
  mark_location_active: active('location'),
  mark_location_inactive: inactive('location'),
  mark_location_primary: {
    set: { is_primary: true },
    already: (r) => r.is_primary === true,
    message: 'The location has been marked as primary.',
    exclusive: { store: 'locations', field: 'is_primary' },
  },
  mark_contact_person_primary: {
    set: { is_primary_contact: true, is_primary: true },
    already: (r) => r.is_primary_contact === true,
    message: 'The contact person has been marked as primary.',
    exclusive: { store: 'contacts/contactpersons', field: 'is_primary_contact', group: 'contact_id' },
  },
  mark_journal_published: {
    set: { status: 'published' },
    from: ['draft'],
    already: (r) => r.status === 'published',
    message: 'The journal has been published.',
  },
  stop_recurring_expense: {
    set: { status: 'stopped' },
    from: ['active'],
    already: (r) => r.status === 'stopped',
    message: 'The recurring expense has been stopped.',
  },
  resume_recurring_expense: {
    set: { status: 'active' },
    from: ['stopped'],
    already: (r) => r.status === 'active',
    message: 'The recurring expense has been resumed.',
  },
  mark_fixed_asset_active: {
    set: { status: 'active' },
    from: ['draft', 'cancel'],
    already: (r) => r.status === 'active',
    message: 'The fixed asset has been marked as active.',
  },
  mark_fixed_asset_cancel: {
    set: { status: 'cancel' },
    from: ['active', 'draft'],
    already: (r) => r.status === 'cancel',
    message: 'The fixed asset has been cancelled.',
  },
  mark_fixed_asset_draft: {
    set: { status: 'draft' },
    from: ['active', 'cancel'],
    already: (r) => r.status === 'draft',
    message: 'The fixed asset has been marked as draft.',
  },
  write_off_fixed_asset: {
    set: { status: 'write_off' },
    from: ['active'],
    message: 'The fixed asset has been written off.',
    required: ['date', 'expense_account_id', 'reason'],
  },
  sell_fixed_asset: {
    set: { status: 'sold' },
    from: ['active'],
    message: 'The fixed asset has been sold.',
    required: ['invoice_id', 'reason', 'expense_account_id'],
  },
  exclude_bank_transaction: {
    set: { status: 'excluded' },
    from: ['uncategorized', 'manually_added'],
    already: (r) => r.status === 'excluded',
    message: 'The transaction has been excluded.',
  },
  restore_bank_transaction: {
    set: { status: 'uncategorized' },
    from: ['excluded'],
    already: (r) => r.status === 'uncategorized',
    message: 'The transaction has been restored.',
  },
  uncategorize_bank_transaction: {
    set: { status: 'uncategorized' },
    from: ['categorized', 'manually_added'],
    already: (r) => r.status === 'uncategorized',
    message: 'The transaction has been uncategorized.',
  },
  unmatch_bank_transaction: {
    set: { status: 'uncategorized' },
    from: ['matched'],
    message: 'The transaction has been unmatched.',
  },
};

function stateOf(r: Rec): string {
  return String(r.status ?? (r.is_active === false ? 'inactive' : 'active'));
}

function mark(m: Mark): BooksHandler {
  return (ctx) => {
    const record = subjectOf(ctx);
    if (m.already?.(record)) return done(ctx, m.message);
    if (m.from && !m.from.includes(stateOf(record))) {
      throw refuse(
        ctx.core,
        'invalidStatus',
        `${ctx.op.id.replace(/_/g, ' ')} is not allowed while the record is ${stateOf(record).replace(/_/g, ' ')}.`,
      );
    }
    if (m.required) {
      const body = checkedBody(ctx);
      requireFields(body, m.required);
      Object.assign(record, { [`${m.set.status}_details`]: body });
    }
    if (ctx.op.id === 'mark_user_inactive' && record.is_current_user) {
      throw refuse(ctx.core, 'invalidStatus', 'You cannot mark yourself as inactive.');
    }
    if (m.exclusive) {
      for (const other of storeOf(ctx).table(m.exclusive.store).values()) {
        if (other === record) continue;
        if (m.exclusive.group && other[m.exclusive.group] !== record[m.exclusive.group]) continue;
        if (other[m.exclusive.field] === true) other[m.exclusive.field] = false;
      }
    }
    Object.assign(record, m.set, { last_modified_time: zohoTime(ctx.now) });
    return done(ctx, m.message);
  };
}

/** A document's status operation (mark sent, void, accepted…), through its life cycle. */
function documentTransition(id: string): BooksHandler {
  return (ctx) => done(ctx, transition(modelCtx(ctx), TRANSITIONS[id]!, subjectOf(ctx)));
}

/** `POST /users/{id}/invite`: sends the invitation again, for a user who has not accepted it yet. */
function inviteUser(ctx: BooksContext): BooksReply {
  const user = subjectOf(ctx);
  if (user.status === 'active')
    throw refuse(ctx.core, 'invalidStatus', `${user.email} has already accepted the invitation.`);
  user.status = 'invited';
  addHistory(modelCtx(ctx), 'users', 'user_id', user.user_id, `Invitation sent to ${user.email}.`);
  return done(ctx, 'Your invitation has been sent.');
}

export function statusHandlers(): Record<string, BooksHandler> {
  return {
    ...Object.fromEntries(Object.entries(MARKS).map(([id, m]) => [id, mark(m)])),
    ...Object.fromEntries(Object.keys(TRANSITIONS).map((id) => [id, documentTransition(id)])),
    invite_user: inviteUser,
  };
}
