import { invalidValue, refuse } from '../errors.js';
import { project } from '../records.js';
import type { BooksHandler } from '../route.js';
import { storeOf } from '../route.js';
import type { Rec } from '../state.js';
import { stringField } from '../validate.js';
import { claimUnique, releaseUnique, STORES } from './common.js';
import type { ModelContext, ResourceModel } from './model.js';

const EMAIL_INDEX = 'users.email';
const ROLES = ['admin', 'staff', 'staff_assigned', 'timesheet_staff', 'accountant'];
function duplicate(email: string) {
  return `A user with the email address ${email} already exists.`;
}

function email(value: unknown): string {
  if (typeof value !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value.trim()))
    throw invalidValue('email');
  return value.trim();
}

function role(input: Rec, fallback: string): string {
  const r = stringField(input, 'user_role') ?? fallback;
  if (!ROLES.includes(r)) throw invalidValue('user_role');
  return r;
}

export const userModel: ResourceModel = {
  store: STORES.users,
  required: ['name', 'email'],
  create(ctx, input, record) {
    const address = email(input.email);
    claimUnique(ctx, EMAIL_INDEX, address, String(record.user_id), duplicate);
    Object.assign(record, input, {
      name: String(input.name).trim(),
      email: address,
      user_role: role(input, 'staff'),
      role_id: '',
      status: 'invited',
      is_current_user: false,
      photo_url: '',
    });
  },
  update(ctx, input, record) {
    if (input.email !== undefined) {
      input.email = email(input.email);
      claimUnique(
        ctx,
        EMAIL_INDEX,
        String(input.email),
        String(record.user_id),
        duplicate,
        String(record.email),
      );
    }
    if (input.user_role !== undefined) input.user_role = role(input, String(record.user_role));
    delete input.is_current_user;
    Object.assign(record, input);
  },
  remove(ctx, record) {
    if (record.is_current_user) throw refuse(ctx.core, 'invalidStatus', 'You cannot delete yourself.');
    releaseUnique(ctx, EMAIL_INDEX, record.email);
  },
  sample(ctx) {
    const n = ctx.store.next('sample.user');
    return { name: `Sample User ${n}`, email: `sample.user.${n}@example.com` };
  },
};

/** The organization's owner: the account the Self Client belongs to. */
export function seedOwner(ctx: ModelContext, time: string): void {
  const id = ctx.core.books.newId();
  const org = ctx.store.org;
  ctx.store.table(STORES.users).set(id, {
    user_id: id,
    name: org.contact_name,
    email: org.email,
    user_role: 'admin',
    role_id: '',
    status: 'active',
    is_current_user: true,
    photo_url: '',
    created_time: time,
    last_modified_time: time,
  });
  ctx.store.index(EMAIL_INDEX).set(org.email.toLowerCase(), id);
}

export const userHandlers: Readonly<Record<string, BooksHandler>> = {
  get_current_user: (ctx) => {
    const me = [...storeOf(ctx).table(STORES.users).values()].find((u) => u.is_current_user) ?? {};
    return { body: { code: 0, message: 'success', user: project(me, ctx.op.responseShape, true) } };
  },
};
