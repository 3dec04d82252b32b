/**
 * The shell side of the VyOS stand-in: real bash runs the agent's real scripts, with what VyOS
 * provides around them replaced by small stand-ins that reach the stand-in router:
 *
 *   bin/vbash        /bin/vbash (VyOS's bash): bash with the stand-in environment
 *   vbash-env.sh     sourced by every stand-in bash (BASH_ENV): maps
 *                    /opt/vyatta/etc/functions/script-template to the stand-in's, and makes
 *                    `id -g -n` answer the group `sg` switched to
 *   script-template  the configuration commands (configure, set, delete, commit, ...) as aliases,
 *                    the way VyOS's script-template defines them
 *   bin/sg           sg(1): the stand-in has no vyattacfg group; it records the switch and runs
 *   bin/systemctl    `systemctl is-active commit-confirm.timer`, from the router's state
 *   bin/vtysh        `vtysh -c 'show ip bgp vrf all summary json'`, from the router's state
 *   login-shell      the VyOS user's login shell, as sshd's ForceCommand
 *
 * mktemp, cat, grep, readlink and rm are the machine's own, as on VyOS (Debian underneath).
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StandinShell {
  readonly dir: string;
  /** put first on PATH (qemu-ga's, for guest-exec) */
  readonly bin: string;
  /** sshd ForceCommand */
  readonly loginShell: string;
  /** a file with what every vbash run was given, one line each (through the guest agent: the script's path) */
  readonly vbashRuns: string;
}

const SCRIPT_TEMPLATE_PATH = '/opt/vyatta/etc/functions/script-template';

export function writeStandinShell(dir: string, router: { readonly port: number; readonly token: string }): StandinShell {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const file = (path: string, text: string, executable = false): void => {
    writeFileSync(path, text);
    if (executable) chmodSync(path, 0o755);
  };
  const client = join(dir, 'client.sh');
  file(
    client,
    `# The VyOS stand-in's command client: one loopback TCP request to the stand-in router per command.
_weft_standin() {
  local fd out rc
  exec {fd}<>/dev/tcp/127.0.0.1/${router.port} || { echo 'vyos stand-in: the router is unreachable' >&2; return 1; }
  printf '%s\\0' '${router.token}' "\${WEFT_STANDIN_VIA:-shell}" "$$" "$#" "$@" >&"$fd"
  IFS= read -r -d '' out <&"$fd"
  IFS= read -r -d '' rc <&"$fd"
  exec {fd}<&-
  printf '%s' "$out"
  return "\${rc:-1}"
}
`,
  );
  file(
    join(dir, 'script-template'),
    `# Stand-in for VyOS's ${SCRIPT_TEMPLATE_PATH} (Weft tests; VyOS cannot run here).
source ${client}
shopt -s expand_aliases
for _weft_command in configure set delete commit commit-confirm confirm discard save compare run show; do
  alias "$_weft_command=_weft_standin $_weft_command"
done
# script-template's exit tears the configuration session down; the script goes on
alias exit='_weft_standin exit'
`,
  );
  const environment = join(dir, 'vbash-env.sh');
  file(
    environment,
    `# The VyOS stand-in's environment for every bash it starts (BASH_ENV).
source() {
  if [ "$1" = ${SCRIPT_TEMPLATE_PATH} ]; then builtin source ${join(dir, 'script-template')}; else builtin source "$@"; fi
}
id() {
  if [ -n "$WEFT_STANDIN_GROUP" ] && [ "$*" = '-g -n' ]; then echo "$WEFT_STANDIN_GROUP"; else command id "$@"; fi
}
`,
  );
  const prelude = `export PATH="${bin}:$PATH" BASH_ENV="${environment}"\n`;
  const vbashRuns = join(dir, 'vbash-runs');
  file(
    join(bin, 'vbash'),
    `#!/bin/bash\n# Stand-in for VyOS's /bin/vbash: bash with the stand-in's script-template and tools; each run's arguments logged, one line each.\nprintf '%s\\n' "$*" >> ${vbashRuns}\n${prelude}exec /bin/bash --norc "$@"\n`,
    true,
  );
  file(
    join(bin, 'sg'),
    `#!/bin/bash
# Stand-in for sg(1) on VyOS: the stand-in has no vyattacfg group; "id -g -n" answers it after this.
[ "$2" = -c ] && [ $# -eq 3 ] || { echo 'sg (stand-in): only sg GROUP -c COMMAND' >&2; exit 2; }
export WEFT_STANDIN_GROUP="$1"
${prelude}exec /bin/bash --norc -c "$3"
`,
    true,
  );
  for (const tool of ['systemctl', 'vtysh']) {
    file(join(bin, tool), `#!/bin/bash\n# Stand-in for ${tool} on VyOS: answered by the stand-in router.\nsource ${client}\n_weft_standin ${tool} "$@"\n`, true);
  }
  const loginShell = join(dir, 'login-shell');
  file(
    loginShell,
    `#!/bin/bash
# Stand-in for the VyOS user's login shell, as sshd's ForceCommand: runs the requested command.
export WEFT_STANDIN_VIA=ssh
[ -n "$SSH_ORIGINAL_COMMAND" ] || { echo 'vyos stand-in: no interactive shell' >&2; exit 1; }
exec ${join(bin, 'vbash')} -c "$SSH_ORIGINAL_COMMAND"
`,
    true,
  );
  return { dir, bin, loginShell, vbashRuns };
}
