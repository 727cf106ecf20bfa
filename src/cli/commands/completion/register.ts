import type { Registration } from '../registration.js';

/** `zbooks completion <shell>`, and the hidden `__complete` the scripts call. */
export function registerCompletion({ program, context, action }: Registration): void {
  program
    .command('completion <shell>')
    .description('print shell completion for bash, zsh or fish (e.g. eval "$(zbooks completion bash)")')
    .action(
      action(async (shell: string) => {
        context.out((await import('./completion.js')).completionScript(shell));
        return 0;
      }),
    );

  program
    .command('__complete [words...]', { hidden: true })
    .allowUnknownOption()
    .action(
      action(async (words: string[] = []) => {
        const candidates = (await import('./completion.js')).completeWords(program, words);
        context.out(`${candidates.join('\n')}\n`);
        return 0;
      }),
    );
}
