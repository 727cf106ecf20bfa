import { rm } from 'node:fs/promises';
import { markOf } from '../../books/pagination.js';
import type { ZohoBooks } from '../../books/zoho-books.js';
import { ConfigError } from '../../core/errors.js';
import type { CliIO } from '../context.js';
import { createEncoder, type Encoder } from '../formats/index.js';
import { kebab } from '../modules.js';
import { checkFields } from '../output/print.js';
import type { Stops } from '../stops.js';
import type { WaitNotices } from '../wait-notices.js';
import { countRecords, listPages } from './pages.js';
import type { ExportPlan } from './plan.js';
import { type ExportProgress, startProgress } from './progress.js';
import { openFileSink, type Sink, streamSink } from './sink.js';
import { differences, type ExportIdentity, type ExportState, removeState, writeState } from './state.js';

interface ExportJob {
  books: ZohoBooks;
  plan: ExportPlan;
  /** The interrupted export being resumed, already checked to exist only with --resume. */
  saved: ExportState | undefined;
  /** Where the state lives; undefined for stdout, which cannot be resumed. */
  statePath: string | undefined;
  /** The run's stop: its signal ends a request or a wait at once; once stopped, no new page is written. */
  stops: Pick<Stops, 'signal' | 'stopped'>;
  /** Where waits are told: the progress bar shows them while it is up. */
  waits: WaitNotices;
  /** Kept current as pages are saved, so that a stop (or a failure) can say how far the output got. */
  written: { records: number; pages: number };
  /** stdout when there is no --out; stderr for the progress bar (on a terminal). */
  io: Pick<CliIO, 'stdout' | 'stderr'>;
}

export interface ExportOutcome {
  complete: boolean;
  /** Totals in the output, earlier runs included. */
  records: number;
  pages: number;
  /** The reader of stdout went away (`| head`): nothing more to say. */
  pipeClosed?: boolean;
}

/**
 * Writes page after page, and after each one, once it is flushed to disk, records how far the output got.
 * Only the current page is ever held: memory stays the same from the first record to the millionth.
 */
export async function writeExport(job: ExportJob): Promise<ExportOutcome> {
  const { books, plan, stops } = job;
  const organizationId = plan.org ?? (await books.organizationId());
  const identity: ExportIdentity = {
    module: plan.module,
    operation: plan.operation.id,
    organizationId,
    query: plan.query,
    format: plan.format,
    fields: plan.fields ?? null,
    csvCells: plan.format !== 'csv' ? null : plan.rawCells ? 'raw' : 'guarded',
    perPage: plan.perPage,
  };
  const state = startingState(job, identity);
  job.written.records = state.recordsWritten;
  job.written.pages = state.pagesDone;
  const sink = plan.out ? await openFileSink(plan.out, job.saved?.bytes) : streamSink(job.io.stdout);
  const encoder = createEncoder(plan.format, state.columns ?? plan.fields, {
    continued: state.bytes > 0,
    rawCells: plan.rawCells,
  });
  const save = async () => {
    if (!job.statePath) return;
    state.updatedAt = new Date().toISOString();
    await writeState(job.statePath, state);
  };
  let progress: ExportProgress | undefined;
  try {
    await save();
    const total = job.io.stderr.isTTY
      ? await countRecords(books, plan, organizationId, stops.signal)
      : undefined;
    progress = await startProgress({
      stream: job.io.stderr,
      label: kebab(plan.module),
      total,
      records: state.recordsWritten,
      pages: state.pagesDone,
    });
    job.waits.showIn(progress.waits);
    if (state.bytes === 0) await sink.write(encoder.header());
    const pages = listPages(books, plan, organizationId, state.pagesDone + 1, stops.signal);
    const after = state.lastPage ? [state.lastPage] : [];
    for await (const page of pages.pages({ after })) {
      // A page that arrived after the stop was asked for is left for the resumed run.
      if (stops.stopped) return stopped(state);
      if (state.pagesDone === 0 && page.items[0]) await checkFirstRecord(job, sink, page.items[0]);
      await writePage(sink, encoder, page.items);
      await sink.sync();
      state.pagesDone += 1;
      state.recordsWritten += page.items.length;
      state.bytes = sink.bytes;
      state.columns = encoder.columns ? [...encoder.columns] : null;
      state.lastPage = markOf(page) ?? state.lastPage ?? null;
      await save();
      job.written.records = state.recordsWritten;
      job.written.pages = state.pagesDone;
      progress.update(state.recordsWritten, state.pagesDone);
      if (stops.stopped && page.hasMore) return stopped(state);
    }
    await sink.write(encoder.footer());
    await sink.close();
    if (job.statePath) await removeState(job.statePath);
    return { complete: true, records: state.recordsWritten, pages: state.pagesDone };
  } catch (error) {
    if (!plan.out && (error as NodeJS.ErrnoException).code === 'EPIPE') {
      return { complete: false, records: state.recordsWritten, pages: state.pagesDone, pipeClosed: true };
    }
    // The abort of a request in flight: everything up to the last page is saved already.
    if (stops.stopped) return stopped(state);
    throw error;
  } finally {
    job.waits.showIn(undefined);
    progress?.stop();
    await sink.close().catch(() => {});
  }
}

/** A --fields typo is an error before the first record, and a new export it stops leaves no file behind. */
async function checkFirstRecord(job: ExportJob, sink: Sink, record: Record<string, unknown>): Promise<void> {
  try {
    checkFields(job.plan.fields, record);
  } catch (error) {
    if (!job.saved) {
      await sink.close().catch(() => {});
      if (job.plan.out) await rm(job.plan.out, { force: true });
      if (job.statePath) await removeState(job.statePath);
    }
    throw error;
  }
}

async function writePage(sink: Sink, encoder: Encoder, records: Record<string, unknown>[]): Promise<void> {
  for (const record of records) await sink.write(encoder.line(record));
}

const stopped = (state: ExportState): ExportOutcome => ({
  complete: false,
  records: state.recordsWritten,
  pages: state.pagesDone,
});

/** A new export from page 1, or the interrupted one, if it asked for exactly the same pages. */
function startingState(job: ExportJob, identity: ExportIdentity): ExportState {
  const { saved, statePath } = job;
  if (saved) {
    const changed = differences(saved, identity);
    if (changed.length > 0) {
      throw new ConfigError(
        `The interrupted export into ${job.plan.out} differs from this command in: ${changed.join(', ')}.`,
        `Resume it with the same module and options, or delete ${job.plan.out} and ${statePath} to start over.`,
      );
    }
    return { ...saved };
  }
  const now = new Date().toISOString();
  return {
    version: 1,
    ...identity,
    pagesDone: 0,
    recordsWritten: 0,
    bytes: 0,
    columns: identity.fields,
    startedAt: now,
    updatedAt: now,
  };
}
