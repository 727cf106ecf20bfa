// Projects' own operations: cloning, their users, and the time entries' timer.
import { BooksError, invalidValue, missingField, refuse } from '../errors.js';
import { actionBody, answerRecord, insertRecord, modelCtx, success } from '../generic.js';
import type { ResourceModel } from '../models/model.js';
import { project, zohoTime } from '../records.js';
import type { BooksContext, BooksHandler, BooksReply } from '../route.js';
import { storeOf } from '../route.js';
import type { Rec } from '../state.js';
import { collectionOf, recordAnswer, rowsWhere, subjectOf } from './helpers.js';

type Models = ReadonlyMap<string, ResourceModel>;

/** `POST /projects/{id}/clone`: a new project with the original's settings and a new name. */
function cloneProject(models: Models): BooksHandler {
  return (ctx) => {
    const original = subjectOf(ctx);
    const body = actionBody(ctx);
    const c = collectionOf(ctx, 'projects');
    const { project_id: _id, created_time: _c, last_modified_time: _m, ...rest } = original;
    const copy = insertRecord(modelCtx(ctx), models, c, { ...rest, ...body, status: 'active' }, {});
    return answerRecord(ctx, models, c, copy, ctx.op.status, 'The project has been cloned.');
  };
}

function projectUser(ctx: BooksContext, projectId: unknown, user: Rec, extra: Rec): Rec {
  const time = zohoTime(ctx.now);
  const record: Rec = {
    user_id: user.user_id,
    project_id: projectId,
    user_name: user.name,
    email: user.email,
    user_role: user.user_role,
    status: user.status,
    is_current_user: user.is_current_user ?? false,
    rate: 0,
    budget_hours: '0',
    cost_rate: 0,
    ...extra,
    created_time: time,
    last_modified_time: time,
  };
  storeOf(ctx)
    .table('projects/users')
    .set(`${String(projectId)}:${String(user.user_id)}`, record);
  return record;
}

/** `POST /projects/{id}/users`: existing users of the organization join the project. */
function addProjectUsers(ctx: BooksContext): BooksReply {
  const project_ = subjectOf(ctx);
  const body = actionBody(ctx);
  const users = Array.isArray(body.users) ? body.users : [];
  if (users.length === 0) throw missingField('users');
  const added = users.map((u, i) => {
    const user = storeOf(ctx)
      .table('users')
      .get(String((u as Rec)?.user_id ?? ''));
    if (!user) throw invalidValue(`users[${i}].user_id`);
    const existing = storeOf(ctx)
      .table('projects/users')
      .get(`${String(project_.project_id)}:${String(user.user_id)}`);
    if (existing) throw refuse(ctx.core, 'duplicateName', `${user.email} is already in this project.`);
    return projectUser(ctx, project_.project_id, user, { cost_rate: body.cost_rate ?? 0 });
  });
  return success(ctx.op.status, 'The user has been added to the project.', {
    users: added.map((r) => project(r, ctx.op.responseShape, true)),
  });
}

/** `POST /projects/{id}/users/invite`: a new user is invited to the organization and joins the project. */
function inviteProjectUser(models: Models): BooksHandler {
  return (ctx) => {
    const project_ = subjectOf(ctx);
    const body = actionBody(ctx);
    const c = collectionOf(ctx, 'users');
    const user = insertRecord(
      modelCtx(ctx),
      models,
      c,
      { name: body.user_name, email: body.email, user_role: body.user_role ?? 'staff' },
      {},
    );
    const record = projectUser(ctx, project_.project_id, user, { cost_rate: body.cost_rate ?? 0 });
    return success(ctx.op.status, 'The user has been invited to the project.', {
      users: [project(record, ctx.op.responseShape, true)],
    });
  };
}

/** The organization's running timer (one per user), if any. */
function runningTimer(ctx: BooksContext): Rec | undefined {
  return rowsWhere(
    ctx,
    'projects/timeentries',
    (t) => t.timer_started_at !== undefined && t.timer_started_at !== '',
  )[0];
}

function startTimer(ctx: BooksContext): BooksReply {
  const entry = subjectOf(ctx);
  const running = runningTimer(ctx);
  if (running && running !== entry)
    throw refuse(ctx.core, 'invalidStatus', 'Another timer is running. Stop it first.');
  if (!running)
    Object.assign(entry, {
      timer_started_at: ctx.now,
      begin_time: new Date(ctx.now).toISOString().slice(11, 16),
    });
  return recordAnswer(ctx, 'The timer has been started.', entry);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
function minutesOf(logTime: unknown): number {
  const m = /^(\d+):(\d{2})$/.exec(String(logTime ?? ''));
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

function stopTimer(ctx: BooksContext): BooksReply {
  const entry = runningTimer(ctx);
  if (!entry) throw new BooksError(404, 1002, 'No timer is running.');
  const minutes = minutesOf(entry.log_time) + Math.floor((ctx.now - Number(entry.timer_started_at)) / 60_000);
  Object.assign(entry, {
    timer_started_at: '',
    end_time: new Date(ctx.now).toISOString().slice(11, 16),
    log_time: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`,
    last_modified_time: zohoTime(ctx.now),
  });
  return recordAnswer(ctx, 'The timer has been stopped.', entry);
}

function getRunningTimer(ctx: BooksContext): BooksReply {
  const entry = runningTimer(ctx);
  if (!entry) throw new BooksError(404, 1002, 'No timer is running.');
  return recordAnswer(ctx, 'success', entry);
}

export function projectHandlers(models: Models): Record<string, BooksHandler> {
  return {
    clone_project: cloneProject(models),
    add_project_user: addProjectUsers,
    invite_project_user: inviteProjectUser(models),
    start_entry_timer: startTimer,
    stop_entry_timer: stopTimer,
    get_running_timer: getRunningTimer,
  };
}
