import type { Command } from 'commander';
import { ConfigError } from '../../../core/errors.js';

/**
 * Shell completion that asks zbooks itself (`zbooks __complete <words…>`), so every command, including the
 * ones generated from the Books operations table, completes without regenerating the scripts.
 */
export function completionScript(shell: string): string {
  switch (shell) {
    case 'bash':
      return `# zbooks completion for bash: eval "$(zbooks completion bash)"
_zbooks_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(compgen -W "$(zbooks __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)" -- "\${COMP_WORDS[COMP_CWORD]}"))
}
complete -o default -F _zbooks_complete zbooks
`;
    case 'zsh':
      return `#compdef zbooks
# zbooks completion for zsh: eval "$(zbooks completion zsh)"
_zbooks() {
  local -a candidates
  candidates=("\${(@f)$(zbooks __complete "\${(@)words[2,CURRENT-1]}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _zbooks zbooks
`;
    case 'fish':
      return `# zbooks completion for fish: zbooks completion fish | source
complete -c zbooks -f -a '(zbooks __complete (commandline -opc)[2..-1] 2>/dev/null)'
`;
    default:
      throw new ConfigError(`No completion for the shell "${shell}".`, 'Use bash, zsh or fish.');
  }
}

/** The words that may come next after `words` (the command line so far, without "zbooks"). */
export function completeWords(program: Command, words: string[]): string[] {
  let command = program;
  for (const word of words) {
    if (word.startsWith('-')) continue;
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) break;
    command = sub;
  }
  const subcommands = command.commands.map((c) => c.name()).filter((name) => !name.startsWith('__'));
  const options = command.options.filter((o) => !o.hidden).map((o) => o.long ?? o.short ?? '');
  return [...subcommands, ...options.filter(Boolean)];
}
