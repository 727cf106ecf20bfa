import type { Registration } from '../registration.js';
import type { ListOptions } from './list.js';
import type { UseOptions } from './use.js';

/** `zbooks orgs` and `zbooks orgs use <id>`. */
export function registerOrgs({ program, context, action }: Registration): void {
  const orgs = program
    .command('orgs')
    .description('list the organizations this login can reach')
    .option('--json', 'as JSON')
    .option('--profile <name>', 'profile to use')
    .action(action(async (options: ListOptions) => (await import('./list.js')).run(options, context)));
  orgs
    .command('use <organization_id>')
    .description("set the profile's organization")
    .option('--profile <name>', 'profile to change')
    .action(
      action(async (id: string, options: UseOptions) => (await import('./use.js')).run(id, options, context)),
    );
}
