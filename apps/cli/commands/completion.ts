/**
 * `weft completion bash|zsh`: a completion script made from the program itself, so every command
 * and option registered is completed without a list kept by hand.
 */
import type { Command } from 'commander';
import type { CommandModule } from '../command.js';
import { EXIT_OK, UsageError } from '../context.js';

export const completionCommand: CommandModule = {
  register(program, { io }, run) {
    program
      .command('completion')
      .description('print a shell completion script: eval "$(weft completion bash)"')
      .argument('<shell>', 'bash or zsh')
      .action((shell: string) =>
        run(() => {
          if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(`unsupported shell ${JSON.stringify(shell)}: bash or zsh`);
          io.out(completionScript(program, shell));
          return Promise.resolve(EXIT_OK);
        }),
      );
  },
};

function visibleCommands(program: Command): Command[] {
  // commander keeps `hidden` private; a hidden command has no entry in the help listing
  const help = program.createHelp();
  return help.visibleCommands(program).filter((command) => command.name() !== 'help');
}

/** A command's subcommands (`db migrate`), then its flags. */
function optionWords(command: Command): string[] {
  return visibleCommands(command)
    .map((sub) => sub.name())
    .concat(command.options.flatMap((option) => [option.short, option.long].filter((flag): flag is string => flag !== undefined)))
    .concat(['--help']);
}

/** The script is data in a case statement; values are command and flag names (no quoting needed). */
export function completionScript(program: Command, shell: 'bash' | 'zsh'): string {
  const commands = visibleCommands(program);
  const cases = commands.map((command) => `    ${command.name()}) words="${optionWords(command).join(' ')}" ;;`).join('\n');
  const names = commands.map((command) => command.name()).join(' ');
  const body = `_weft_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" words
  if [ "$COMP_CWORD" -eq 1 ]; then COMPREPLY=($(compgen -W "${names} --help --version" -- "$cur")); return; fi
  case "$prev" in -f|--filename|-o|--output|-a|--allocations|--from|--kubeconfig|--token-file|--state-dir|--frr-vty-dir) COMPREPLY=($(compgen -f -- "$cur")); return ;; esac
  case "\${COMP_WORDS[1]}" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _weft_complete weft
`;
  return shell === 'bash' ? body : `autoload -U +X bashcompinit && bashcompinit\n${body}`;
}
