import { ConfigError, isZbooksError } from '../../core/errors.js';
import { openBooks } from '../books-client.js';
import type { RunContext } from '../context.js';
import { Interrupts } from '../export/interrupts.js';
import { type ExportFlags, planExport } from '../export/plan.js';
import { readState, statePathOf } from '../export/state.js';
import { type ExportOutcome, writeExport } from '../export/write-export.js';
import { kebab } from '../modules.js';

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
  const interrupts = new Interrupts(plan.out !== undefined);
  const started = Date.now();
  let outcome: ExportOutcome;
  try {
    outcome = await writeExport({ books, plan, saved, statePath, interrupts });
  } catch (error) {
    // A stop that landed in a request (the abort) is a stop, not a failure.
    if (!interrupts.requested || (isZbooksError(error) && error.kind === 'config')) throw error;
    outcome = { complete: false, records: saved?.recordsWritten ?? 0, pages: saved?.pagesDone ?? 0 };
  } finally {
    interrupts.dispose();
  }
  if (outcome.pipeClosed) return;
  if (!outcome.complete) {
    const how = plan.out ? '; run the same command with --resume to continue' : '';
    process.stderr.write(`zbooks: interrupted after ${outcome.records} records${how}.\n`);
    process.exitCode = interrupts.exitCode;
    return;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const resumed = saved && saved.pagesDone > 0 ? `; resumed after page ${saved.pagesDone}` : '';
  process.stderr.write(
    `exported ${outcome.records} ${kebab(plan.module)} in ${outcome.pages} page${outcome.pages === 1 ? '' : 's'} to ${plan.out ?? 'stdout'} (${seconds} s${resumed})\n`,
  );
}
