import { ConfigError, isZbooksError } from '../../core/errors.js';
import { openBooks } from '../books-client.js';
import type { RunContext } from '../context.js';
import { type ExportFlags, planExport } from '../export/plan.js';
import { readState, statePathOf } from '../export/state.js';
import { type ExportOutcome, writeExport } from '../export/write-export.js';
import { kebab } from '../modules.js';
import { reportFailure } from '../output.js';

/**
 * `zbooks export <module>`: every page of the module's list into --out (or stdout), resumable. Everything that
 * can be checked without the network is checked first, so a typo costs no API call.
 */
export async function exportCommand(run: RunContext, moduleName: string, flags: ExportFlags): Promise<void> {
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
    run.logger.warn(`zbooks: no interrupted export into ${plan.out}; starting from the first page.`);
  }
  const settings = await run.settings({ profile: plan.profile });
  const books = await openBooks(run, settings);
  const written = { records: saved?.recordsWritten ?? 0, pages: saved?.pagesDone ?? 0 };
  const resumable = plan.out ? '; run the same command with --resume to continue' : '';
  // Ctrl-C or SIGTERM: the page in hand is finished and saved, then the entry point says this and exits.
  run.stops.explain(() => `zbooks: interrupted after ${written.records} records${resumable}.`);
  const started = Date.now();
  let outcome: ExportOutcome;
  try {
    outcome = await writeExport({
      books,
      plan,
      saved,
      statePath,
      stops: run.stops,
      waits: run.waits,
      written,
    });
  } catch (error) {
    // A stop that landed in a request (the abort) is a stop, not a failure: the stop report covers it.
    if (run.stops.stopped) return;
    if (!plan.out || !isZbooksError(error) || error.kind === 'config') throw error;
    // A failure after the state was saved (a page that repeats, Zoho unavailable): what was written stays.
    reportFailure(run, error);
    process.stderr.write(
      `  ${written.records} records are in ${plan.out}; once the cause is fixed, run the same command with --resume to continue.\n`,
    );
    return;
  }
  // Not complete: stopped by a signal, reported by the entry point.
  if (outcome.pipeClosed || !outcome.complete) return;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const resumed = saved && saved.pagesDone > 0 ? `; resumed after page ${saved.pagesDone}` : '';
  process.stderr.write(
    `exported ${outcome.records} ${kebab(plan.module)} in ${outcome.pages} page${outcome.pages === 1 ? '' : 's'} to ${plan.out ?? 'stdout'} (${seconds} s${resumed})\n`,
  );
}
