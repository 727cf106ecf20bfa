import type { Registration } from '../registration.js';
import type { DoctorOptions } from './doctor.js';

/** `zbooks doctor`. */
export function registerDoctor({ program, context, action }: Registration): void {
  program
    .command('doctor')
    .description('check configuration, data centre, token, scopes, organization, clock and daily budget')
    .option('--profile <name>', 'profile to check')
    .action(action(async (options: DoctorOptions) => (await import('./doctor.js')).run(options, context)));
}
