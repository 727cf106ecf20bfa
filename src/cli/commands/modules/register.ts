import { type Command, Option } from 'commander';
import { MODULES, type Operation, type OperationParam } from '../../../books/generated/operations.js';
import type { RunContext } from '../../context.js';
import { flagOf, kebab, operationsOf, PAGING_PARAMS } from '../../modules.js';
import type { Action, Registration } from '../registration.js';
import type { OperationOptions } from './operation.js';

/**
 * Every module of the operations table as commands: `zbooks invoices list --all`, `zbooks contacts get <id>`,
 * `zbooks invoices mark-as-sent <id>`. Registered only for the module named on the command line (or all, for
 * help and completion), so commands that need none of this start fast.
 */
export function registerModules({ program, context, action }: Registration, only?: string): void {
  for (const module of MODULES) {
    if (only && module !== only) continue;
    const ops = operationsOf(module);
    const group = program
      .command(kebab(module))
      .description(`Books ${kebab(module)}: ${ops.map((op) => kebab(op.name)).join(', ')}`);
    group.addHelpText(
      'after',
      () => `\nScopes:\n${ops.map((op) => `  ${kebab(op.name).padEnd(34)} ${op.scope}`).join('\n')}\n`,
    );
    for (const op of ops) registerOperation(group, op, context, action);
  }
}

function registerOperation(group: Command, op: Operation, context: RunContext, action: Action): void {
  const usage = [kebab(op.name), ...op.pathParams.map((p) => `<${p}>`)].join(' ');
  const command = group.command(usage).description(`${op.httpMethod} ${op.path}  (scope ${op.scope})`);
  for (const param of op.query) {
    if (PAGING_PARAMS.has(param.name)) continue;
    const option = new Option(`--${flagOf(param.name)} <${param.type}>`, describeParam(param));
    // Commander lists the allowed values in the help and refuses others before anything runs.
    command.addOption(param.enum ? option.choices(param.enum) : option);
  }
  if (op.body !== 'none') {
    command.option(
      '--body <file>',
      `JSON body from a file, or - for stdin${op.bodyRequired ? ' (required)' : ''}`,
    );
  }
  if (op.body === 'multipart') command.option('--attachment <file>', 'file to upload');
  if (op.paginated) {
    command
      .option('--all', 'every page, streamed')
      .option('--limit <n>', 'at most n records (across pages)')
      .option('--page <n>', 'this page only (from 1)')
      .option('--per-page <n>', 'records per request, 1–200');
  }
  if (op.httpMethod !== 'GET') {
    command.option(
      '--retry-unsafe',
      'resend if the answer is lost (may create a duplicate: Zoho has no idempotency keys)',
    );
  }
  command
    .option('--format <format>', 'json, ndjson, csv or table (default: table on a terminal, else json)')
    .option('--fields <list>', 'comma-separated fields to show (dotted paths allowed)')
    .option('--raw-csv', 'csv cells exactly as received (no guard against spreadsheet formulas)')
    .option('--out <file>', 'write a downloaded file (PDF, CSV…) here')
    .option('--org <id>', 'organization (default: the profile’s)')
    .option('--profile <name>', 'profile to use')
    .action(
      action(async (...args: unknown[]) => {
        const values = args.slice(0, op.pathParams.length).map(String);
        const options = command.opts<OperationOptions>();
        return (await import('./operation.js')).run(op, values, options, context);
      }),
    );
}

function describeParam(param: OperationParam): string {
  return `${param.name}${param.required ? ' (required)' : ''}`;
}
