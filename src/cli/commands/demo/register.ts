import type { Registration } from '../registration.js';

/** `zbooks demo`. */
export function registerDemo({ program, context, action }: Registration): void {
  program
    .command('demo')
    .description('show the whole Self Client flow against the embedded emulator, offline, in seconds')
    .action(action(async () => (await import('./demo.js')).run(context)));
}
