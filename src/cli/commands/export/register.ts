import type { ExportFlags } from '../../export/plan.js';
import type { Registration } from '../registration.js';

/** `zbooks export <module>`: declared here (cheap), implemented in ./export.js (loaded only when it runs). */
export function registerExport({ program, context, action }: Registration): void {
  program
    .command('export <module>')
    .description('stream every record of a module to a file (or stdout) as ndjson or csv; resumable')
    .option('--out <file>', 'write here instead of stdout (needed for --resume); .csv, .ndjson or .jsonl')
    .option('--format <format>', 'ndjson or csv (default: from the --out extension, else ndjson)')
    .option('--fields <list>', 'comma-separated fields to keep (csv columns)')
    .option('--raw-csv', 'csv cells exactly as received (no guard against spreadsheet formulas)')
    .option('--since <date>', 'only records modified since then: YYYY-MM-DD (UTC) or an ISO 8601 time')
    .option(
      '--query <key=value>',
      'a list filter of the module, e.g. --query status=unpaid (repeatable)',
      (pair: string, pairs: string[] = []) => [...pairs, pair],
    )
    .option('--per-page <n>', 'records per request (1–200)', '200')
    .option('--resume', 'continue an interrupted export into --out, without duplicates')
    .option('--org <id>', 'organization (default: the profile’s)')
    .option('--profile <name>', 'profile to use')
    .action(
      action(async (module: string, options: ExportFlags) =>
        (await import('./export.js')).run(module, options, context),
      ),
    );
}
