/**
 * The vbash scripts the VyOS agent runs, and how their output is read back. Each is a file run
 * by `/bin/vbash` with VyOS's script-template (vyos.md §2.1): the `sg vyattacfg` re-exec guard,
 * then `source /opt/vyatta/etc/functions/script-template`, then commands.
 *
 * A failed `set` does not stop a VyOS script, and the command wrappers return 0 whatever
 * happened (vyatta-cfg-run prints the captured output and returns the printer's status). So
 * every step's output goes to a file, is printed, scanned for VyOS's failure markers, and
 * followed by a marker line `@@weft:<nonce> <step> rc=<status>`; the script itself commits only
 * when no step failed, and otherwise discards the session. The nonce is random per script, so
 * nothing a router prints can pass for a marker. Commands are written by `renderCommand`: plain
 * words or single-quoted values, nothing the shell would expand.
 */
import { VyosConfigError } from './errors.js';
import { renderCommand, type Command } from './tree.js';

/** What VyOS prints when a command did not do what it was asked (vrouter-operator's failure_marker.go). */
export const FAILURE_MARKERS: readonly string[] = ['Set failed', 'Delete failed', 'Commit failed', 'Another confirm is pending', 'commit-confirm canceled'];

export interface ScriptContext {
  /** the vbash the scripts re-exec under `sg vyattacfg` (`/bin/vbash` on VyOS) */
  readonly vbash: string;
  /** random, [0-9a-f]{16,64}; marks step boundaries in the output */
  readonly nonce: string;
}

export type CommitMode = { readonly kind: 'commit-confirm'; readonly minutes: number } | { readonly kind: 'commit' };

const SCRIPT_TEMPLATE = '/opt/vyatta/etc/functions/script-template';
const MARKER_PATTERN = FAILURE_MARKERS.join('|');

function checkContext(context: ScriptContext): void {
  if (!/^[0-9a-f]{16,64}$/.test(context.nonce)) throw new VyosConfigError(`a script nonce must be 16 to 64 hex digits, got ${JSON.stringify(context.nonce)}`);
  if (!/^[A-Za-z0-9_./-]+$/.test(context.vbash)) throw new VyosConfigError(`the vbash path must be a plain path, got ${JSON.stringify(context.vbash)}`);
}

function prologue(context: ScriptContext, title: string): string[] {
  checkContext(context);
  return [
    `#!${context.vbash}`,
    `# Weft: ${title}`,
    `if [ "$(id -g -n)" != 'vyattacfg' ]; then exec sg vyattacfg -c "${context.vbash} $(readlink -f "$0")"; fi`,
    `source ${SCRIPT_TEMPLATE}`,
    'weft_out=$(mktemp) || builtin exit 97',
    'weft_failed=0',
    'weft_step() {',
    '  cat -- "$weft_out"',
    `  if [ "$3" = check ] && { [ "$2" != 0 ] || grep -q -E '${MARKER_PATTERN}' -- "$weft_out"; }; then weft_failed=1; fi`,
    `  printf '\\n%s %s rc=%s\\n' '@@weft:${context.nonce}' "$1" "$2"`,
    '}',
  ];
}

const EPILOGUE = ['rm -f -- "$weft_out"', 'builtin exit "$weft_failed"'];

/** Reads the running configuration and whether a commit-confirm is waiting for `confirm`. */
export function readScript(context: ScriptContext): string {
  return [
    ...prologue(context, 'read the running configuration'),
    'run show configuration commands >"$weft_out" 2>&1; weft_step config $?',
    // config-mgmt's commit-confirm runs a systemd timer of this name until `confirm` stops it
    'systemctl is-active commit-confirm.timer >"$weft_out" 2>&1; weft_step commit-confirm-timer $?',
    ...EPILOGUE,
    '',
  ].join('\n');
}

/**
 * One configuration session: every command, then `commit-confirm N` (or `commit` when a
 * confirmation is already pending) only if none failed; otherwise `discard`. Steps are numbered
 * from 1 in the order of `commands`.
 */
export function applyScript(commands: readonly Command[], commit: CommitMode, context: ScriptContext): string {
  if (commands.length === 0) throw new VyosConfigError('an apply script needs at least one command');
  if (commit.kind === 'commit-confirm' && (!Number.isInteger(commit.minutes) || commit.minutes < 1 || commit.minutes > 60)) {
    throw new VyosConfigError(`commit-confirm takes 1 to 60 minutes, got ${commit.minutes}`);
  }
  const commitLine = commit.kind === 'commit-confirm' ? `commit-confirm ${commit.minutes} no-prompt` : 'commit';
  return [
    ...prologue(context, `${commands.length} configuration command(s), then ${commitLine}`),
    'configure',
    ...commands.map((command, index) => `${renderCommand(command)} >"$weft_out" 2>&1; weft_step ${index + 1} $? check`),
    `if [ "$weft_failed" = 0 ]; then ${commitLine} >"$weft_out" 2>&1; weft_step commit $? check; fi`,
    'if [ "$weft_failed" != 0 ]; then discard >"$weft_out" 2>&1; weft_step discard $?; fi',
    'exit',
    ...EPILOGUE,
    '',
  ].join('\n');
}

/** `confirm` a pending commit-confirm, then `save` (only after a successful confirm). */
export function confirmScript(context: ScriptContext, save: boolean): string {
  const saveLine = save ? ['if [ "$weft_failed" = 0 ]; then save >"$weft_out" 2>&1; weft_step save $? check; fi'] : [];
  return [...prologue(context, save ? 'confirm and save' : 'confirm'), 'configure', 'confirm >"$weft_out" 2>&1; weft_step confirm $? check', ...saveLine, 'exit', ...EPILOGUE, ''].join('\n');
}

/** BGP neighbours of every VRF, from FRR (VyOS owns its FRR; reading it is harmless). */
export function observeScript(context: ScriptContext): string {
  return [...prologue(context, 'BGP summary'), "vtysh -c 'show ip bgp vrf all summary json' >\"$weft_out\" 2>&1; weft_step bgp $?", ...EPILOGUE, ''].join('\n');
}

export interface ScriptStep {
  readonly id: string;
  readonly rc: number;
  readonly output: string;
  /** the status was not 0 or the output holds a failure marker */
  readonly failed: boolean;
}

export interface ScriptOutput {
  readonly steps: readonly ScriptStep[];
  /** output after the last step marker (or all of it when there is none) */
  readonly rest: string;
}

export function outputFailed(output: string): boolean {
  return FAILURE_MARKERS.some((marker) => output.includes(marker));
}

/** Splits a script's standard output at its step markers. */
export function parseScriptOutput(stdout: string, nonce: string): ScriptOutput {
  const marker = new RegExp(`^@@weft:${nonce} (\\S+) rc=(\\d+)$`);
  const steps: ScriptStep[] = [];
  let pending: string[] = [];
  for (const line of stdout.split('\n')) {
    const found = marker.exec(line);
    if (found === null) {
      pending.push(line);
      continue;
    }
    // weft_step prints a newline before the marker so that it starts a line
    if (pending.length > 0 && pending[pending.length - 1] === '') pending.pop();
    const output = pending.join('\n');
    const rc = Number(found[2]);
    // Stryker disable next-line StringLiteral: equivalent, the marker matched, so its id group did
    const id = found[1] ?? '';
    steps.push({ id, rc, output, failed: rc !== 0 || outputFailed(output) });
    pending = [];
  }
  return { steps, rest: pending.join('\n') };
}
