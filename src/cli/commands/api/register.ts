import type { Registration } from '../registration.js';
import type { ApiOptions } from './api.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Examples that do what they say: -f makes a request a POST (as in gh), so reads put the query in the path. */
const EXAMPLES = `
Examples:
  zbooks api '/invoices?status=unpaid' --paginate     every unpaid invoice (a GET)
  zbooks api -X GET /invoices -f status=unpaid        the same filter as fields
  zbooks api /contacts -f contact_name=Acme           create a contact (fields make it a POST)
  zbooks api /invoices --input invoice.json           create an invoice from a file (a POST)
`;

/** `zbooks api <path>`, in the manner of `gh api`. */
export function registerApi({ program, context, action }: Registration): void {
  program
    .command('api <path>')
    .description("call any Books path, like `gh api`: zbooks api '/invoices?status=unpaid' --paginate")
    .option('-X, --method <method>', 'HTTP method (default GET, or POST when fields or --input are given)')
    .option(
      '-f, --raw-field <key=value>',
      'a string field (query for GET, JSON body otherwise); repeatable',
      collect,
    )
    .option(
      '-F, --field <key=value>',
      'a typed field: numbers, true/false/null, @file, @- for stdin; repeatable',
      collect,
    )
    .option('--input <file>', 'the JSON body from a file, or - for stdin (POST unless -X says otherwise)')
    .option('-H, --header <line>', 'an extra header, "Name: value"; repeatable', collect)
    .option('-i, --include', 'print the HTTP status and headers first')
    .option('--silent', 'print nothing on success')
    .option('--paginate', 'follow page_context through every page')
    .option('--slurp', 'with --paginate: one JSON array of every record')
    .option('--org <id>', 'organization (default: the profile’s)')
    .option('--profile <name>', 'profile to use')
    .addHelpText('after', EXAMPLES)
    .action(
      action(async (path: string, options: ApiOptions) =>
        (await import('./api.js')).run(path, options, context),
      ),
    );
}
