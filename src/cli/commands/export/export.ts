import { ConfigError, isZbooksError } from '../../../core/errors.js';
import { openBooks } from '../../books-client.js';
import type { RunContext } from '../../context.js';
import { type ExportFlags, planExport } from '../../export/plan.js';
import { readState, statePathOf } from '../../export/state.js';
import { type ExportOutcome, writeExport } from '../../export/write-export.js';
import { kebab } from '../../modules.js';
import { printFailure } from '../../output.js';

/**
 * `zbooks export <module>`: every page of the module's list into --out (or stdout), resumable. Everything that
 * can be checked without the network is checked first, so a typo costs no API call.
 */
export async function run(moduleName: string, flags: ExportFlags, ctx: RunContext): Promise<number> {
  const plan = planExport(moduleName, flags);
  const statePath = plan.out ? statePathOf(plan.out) : undefined;
  const saved = statePath ? await readState(statePath) : undefined;
  if (saved && !plan.resume) {
    throw new ConfigError(
      `An export into ${plan.out} was interrupted after ${saved.recordsWritten} records.`,
      `Run the same command with --resume to continue, or delete ${plan.out} and ${statePath} to start over.`,
    );
  }
  if (plan.resume && !saved) {
    ctx.logger.warn(`zbooks: no interrupted export into ${plan.out}; starting from the first page.`);
  }
  const settings = await ctx.settings({ profile: plan.profile });
  const books = await openBooks(ctx, settings);
  const written = { records: saved?.recordsWritten ?? 0, pages: saved?.pagesDone ?? 0 };
  const resumable = plan.out ? '; run the same command with --resume to continue' : '';
  // Ctrl-C or SIGTERM: the page in hand is finished and saved, then the entry point says this and exits.
  ctx.stops.explain(() => `zbooks: interrupted after ${written.records} records${resumable}.`);
  const started = ctx.clock.now();
  let outcome: ExportOutcome;
  try {
    outcome = await writeExport({
      books,
      plan,
      saved,
      statePath,
      stops: ctx.stops,
      waits: ctx.waits,
      io: ctx.io,
      written,
    });
  } catch (error) {
    // A stop that landed in a request (the abort) is a stop, not a failure: the stop report covers it.
    if (ctx.stops.stopped) return 0;
    if (!plan.out || !isZbooksError(error) || error.kind === 'config') throw error;
    // A failure after the state was saved (a page that repeats, Zoho unavailable): what was written stays.
    const code = printFailure(ctx, error);
    ctx.err(
      `  ${written.records} records are in ${plan.out}; once the cause is fixed, run the same command with --resume to continue.\n`,
    );
    return code;
  }
  // Not complete: stopped by a signal, reported by the entry point.
  if (outcome.pipeClosed || !outcome.complete) return 0;
  const seconds = ((ctx.clock.now() - started) / 1000).toFixed(1);
  const resumed = saved && saved.pagesDone > 0 ? `; resumed after page ${saved.pagesDone}` : '';
  ctx.err(
    `exported ${outcome.records} ${kebab(plan.module)} in ${outcome.pages} page${outcome.pages === 1 ? '' : 's'} to ${plan.out ?? 'stdout'} (${seconds} s${resumed})\n`,
  );
  return 0;
}
