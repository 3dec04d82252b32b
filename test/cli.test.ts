// The weft command line as a person uses it: exit codes (0 valid, 1 invalid input, 2 usage),
// the files compile writes, -a keeping numbers, plan against an earlier compile, explain, --json,
// and the real bin/weft.js entry point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wantsColor } from '../apps/cli/context.js';
import { main } from '../apps/cli/main.js';

/** dist/test/cli.test.js -> the repository root */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAB_WIRING = join(ROOT, 'wiring/lab.yaml');
const LAB_INTENTS = join(ROOT, 'examples/lab');

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function weft(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

function temporary(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-cli-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Every file under `dir`, as sorted relative paths. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk('');
  return out.sort();
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

interface VpcNumbers {
  readonly vrf: number;
  readonly vni?: number;
  readonly subnets: Record<string, { vni?: number; vlan?: number }>;
}

function vpcNumbers(dir: string): Record<string, VpcNumbers> {
  return (readJson(join(dir, 'allocations.json')) as { vpcs: Record<string, VpcNumbers> }).vpcs;
}

/** A copy of examples/lab with extra YAML documents appended to attachments.yaml. */
function labIntentsWith(dir: string, extraYaml: string): string {
  const copy = join(dir, 'intents');
  cpSync(LAB_INTENTS, copy, { recursive: true });
  writeFileSync(join(copy, 'attachments.yaml'), `${readFileSync(join(copy, 'attachments.yaml'), 'utf8')}\n${extraYaml}`);
  return copy;
}

const BLUE_DB_ON_SERVER1 = `---
apiVersion: vpc.weft.dev/v1alpha1
kind: VPCAttachment
metadata:
  name: server1-blue-db
  namespace: default
spec:
  subnet: blue/db
  connection: server1--leaf1
`;

const LAB_FILES = [
  'allocations.json',
  'border1/vyos.set',
  'diagnostics.json',
  'leaf1/config_db.json',
  'leaf1/frr.conf',
  'leaf2/config_db.json',
  'leaf2/frr.conf',
  'leaf3/config_db.json',
  'leaf3/frr.conf',
  'leaf4/config_db.json',
  'leaf4/frr.conf',
  'spine1/config_db.json',
  'spine1/frr.conf',
  'spine2/config_db.json',
  'spine2/frr.conf',
];

// usage errors: exit 2

test('no command prints the usage and exits 2', async () => {
  const r = await weft();
  assert.equal(r.code, 2);
  assert.match(r.err, /^Usage: weft <command> \[options\]/);
});

test('an unknown option is a usage error naming the option', async () => {
  const r = await weft('validate', '--bogus', '-f', LAB_WIRING);
  assert.equal(r.code, 2);
  assert.match(r.err, /^weft validate: unknown option '--bogus'/);
});

test('an unknown command is a usage error', async () => {
  const r = await weft('frobnicate');
  assert.equal(r.code, 2);
  assert.match(r.err, /^weft: unknown command 'frobnicate'/);
});

test('-f is required, and so is -o for compile', async (t) => {
  const dir = temporary(t);
  const noFiles = await weft('compile', '-o', dir);
  assert.equal(noFiles.code, 2);
  assert.match(noFiles.err, /-f PATH is required/);
  const noOutput = await weft('compile', '-f', LAB_WIRING);
  assert.equal(noOutput.code, 2);
  assert.match(noOutput.err, /-o DIR is required/);
  const noValue = await weft('validate', '-f');
  assert.equal(noValue.code, 2);
  assert.match(noValue.err, /^weft validate: option '-f, --filename <path>' argument missing/);
});

test('-f - reads the documents from standard input, and diagnostics point at <stdin> and the line of the field', () => {
  const vpc = 'apiVersion: vpc.weft.dev/v1alpha1\nkind: VPC\nmetadata: {name: red}\nspec:\n  tenant: acme\n  subnets:\n    web: {cidr: 10.1.0.0/33}\n';
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'weft.js'), 'validate', '-f', LAB_WIRING, '-f', '-'], { cwd: ROOT, input: vpc, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^error WF103 VPC default\/red spec\.subnets\.web\.cidr \(<stdin>:7\): "10\.1\.0\.0\/33" is not valid/m);
  const ok = spawnSync(process.execPath, [join(ROOT, 'bin', 'weft.js'), 'validate', '-f', LAB_WIRING, '-f', '-'], { cwd: ROOT, input: vpc.replace('/33', '/24'), encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^valid: 7 devices, 1 VPCs$/m);
});

test('diagnostics are coloured only where colour is wanted: a terminal, and never with NO_COLOR', async () => {
  const err: string[] = [];
  const code = await main(['validate', '-f', LAB_WIRING, '-f', join(ROOT, 'examples/invalid/bad-cidr.yaml')], { out: () => undefined, err: (t) => err.push(t), color: true });
  assert.equal(code, 1);
  const ESC = '\u001b';
  assert.ok(err.join('').includes(`${ESC}[31m${ESC}[1merror WF103${ESC}[22m${ESC}[39m VPC default/bad-cidr`), err.join(''));
  const plain = await weft('validate', '-f', LAB_WIRING, '-f', join(ROOT, 'examples/invalid/bad-cidr.yaml'));
  assert.ok(!plain.err.includes('\u001b['), 'no escape codes without colour');
  assert.equal(wantsColor({ isTTY: true }, {}), true);
  assert.equal(wantsColor({ isTTY: true }, { NO_COLOR: '1' }), false);
  assert.equal(wantsColor({ isTTY: false }, {}), false);
  assert.equal(wantsColor({ isTTY: false }, { FORCE_COLOR: '1' }), true);
});

test('compile shows its phases on a terminal, on one line that is cleared at the end; nothing of them without a terminal', { skip: existsSync('/usr/bin/script') ? false : 'util-linux script(1) is missing: no pseudo-terminal to run weft on' }, (t) => {
  const dir = temporary(t);
  const command = `${process.execPath} ${join(ROOT, 'bin', 'weft.js')} compile -f ${LAB_WIRING} -f ${LAB_INTENTS} -o ${join(dir, 'tty')}`;
  // script(1) runs the command on a pseudo-terminal and copies what it printed
  const onTerminal = spawnSync('script', ['-qefc', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm' } });
  assert.equal(onTerminal.status, 0, onTerminal.stdout);
  for (const phase of ['reading', 'checking', 'compiling', 'writing']) assert.match(onTerminal.stdout, new RegExp(`weft compile: ${phase} [^\\r]*\\.\\.\\.`), phase);
  assert.ok(/\r\[K(\r\n)?compiled \d+ devices/.test(onTerminal.stdout.replaceAll('\u001b', '')), 'the progress line is cleared (CR, ESC [K) before the summary');
  assert.ok(onTerminal.stdout.includes('\r\u001b[K'), 'the clearing sequence is ESC [K');
  const piped = spawnSync(process.execPath, [join(ROOT, 'bin', 'weft.js'), 'compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', join(dir, 'pipe')], { encoding: 'utf8' });
  assert.equal(piped.status, 0);
  assert.equal(piped.stderr, '', 'no progress without a terminal');
  assert.match(piped.stdout, /^compiled \d+ devices/);
});

test('a path that does not exist is a usage error naming it', async (t) => {
  const missing = join(temporary(t), 'nowhere');
  const r = await weft('validate', '-f', missing);
  assert.equal(r.code, 2);
  assert.equal(r.err, `weft validate: ${missing}: no such file or directory\n`);
});

test('explain needs vpc/NAME, switch/NAME or connection/NAME', async () => {
  const r = await weft('explain', '-f', LAB_WIRING, 'router/x');
  assert.equal(r.code, 2);
  assert.match(r.err, /router\/x: expected vpc\/NAME, switch\/NAME or connection\/NAME/);
});

test('plan --from a directory that does not exist is a usage error', async (t) => {
  const r = await weft('plan', '-f', LAB_WIRING, '--from', join(temporary(t), 'none'));
  assert.equal(r.code, 2);
  assert.match(r.err, /no such directory \(run weft compile -o .* first\)/);
});

test('every command of the design is in this build: each answers --help with its usage', async () => {
  for (const name of ['controller', 'dev', 'lab', 'agent']) {
    const r = await weft(name, '--help');
    assert.equal(r.code, 0, `${name}: ${r.err}`);
    assert.match(r.out, new RegExp(`^Usage: weft ${name} `), name);
  }
});

test('--help prints the usage on stdout and exits 0; each command has its own help', async () => {
  const r = await weft('--help');
  assert.equal(r.code, 0);
  assert.match(r.out, /^Usage: weft <command> \[options\]/);
  assert.match(r.out, /^ {2}compile \[options\] +write device files/m);
  const compile = await weft('compile', '--help');
  assert.equal(compile.code, 0);
  assert.match(compile.out, /^Usage: weft compile \[options\]/);
  assert.match(compile.out, /-a, --allocations <file> +an earlier allocations\.json/);
  const viaHelp = await weft('help', 'plan');
  assert.equal(viaHelp.code, 0);
  assert.match(viaHelp.out, /--from <dir>/);
});

test('version prints the version, as text and as JSON', async () => {
  const text = await weft('version');
  assert.equal(text.code, 0);
  assert.match(text.out, /^weft \d+\.\d+\.\d+ \(node 24\./);
  const json = await weft('version', '--json');
  assert.deepEqual(Object.keys(JSON.parse(json.out) as object), ['weft', 'node']);
});

test('completion prints a bash script that completes every visible command and its flags; an unknown shell is a usage error', async () => {
  const bash = await weft('completion', 'bash');
  assert.equal(bash.code, 0);
  assert.match(bash.out, /^complete -o default -F _weft_complete weft$/m);
  assert.match(bash.out, /compgen -W "validate compile explain inspect plan serve lab version completion db dev controller agent dhcp --help --version"/);
  assert.match(bash.out, /^ {4}agent\) words="--switch --server --token-file --kubeconfig --namespace --redis --frr-vty-dir --frr-netns --vrf-backend --period --state-dir --once --metrics-address --ssh --ssh-user --ssh-key --known-hosts --qga --confirm-minutes --vbash --help" ;;$/m);
  assert.match(bash.out, /^ {4}compile\) words="-f --filename -o --output -a --allocations --release-quarantine --json -q --quiet --help" ;;$/m);
  assert.match(bash.out, /^ {4}lab\) words=/m, 'lab is in this build and offered');
  // what bash itself completes with the script loaded
  const complete = (...words: string[]): string =>
    spawnSync('bash', ['-c', `eval "$1"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _weft_complete; echo "\${COMPREPLY[*]}"`, 'weft', bash.out], { encoding: 'utf8' }).stdout.trim();
  assert.equal(complete('weft', 'comp'), 'compile completion');
  assert.equal(complete('weft', 'plan', '--f'), '--filename --from');
  assert.equal(complete('weft', 'db', 'm'), 'migrate');
  const zsh = await weft('completion', 'zsh');
  assert.match(zsh.out, /^autoload -U \+X bashcompinit && bashcompinit$/m);
  const fish = await weft('completion', 'fish');
  assert.equal(fish.code, 2);
  assert.match(fish.err, /^weft completion: unsupported shell "fish": bash or zsh/);
});

// validate and compile

test('validate of the lab exits 0 and counts devices and VPCs', async () => {
  const r = await weft('validate', '-f', LAB_WIRING, '-f', LAB_INTENTS);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'valid: 7 devices, 3 VPCs\n');
  const json = await weft('validate', '-f', LAB_WIRING, '-f', LAB_INTENTS, '--json');
  assert.deepEqual(JSON.parse(json.out), { valid: true, diagnostics: [] });
});

test('invalid input exits 1, prints every problem with its file and line, writes diagnostics.json and no device file', async (t) => {
  const dir = temporary(t);
  const out = join(dir, 'out');
  const r = await weft('compile', '-f', LAB_WIRING, '-f', join(ROOT, 'examples/invalid'), '-o', out);
  assert.equal(r.code, 1);
  assert.match(r.err, /error WF203 Connection server8--leaf1 spec\.unbundled\.switch \(.*port-used-twice\.yaml:\d+\): port leaf1\/Ethernet0 is already used by Connection server1--leaf1/);
  assert.match(r.err, /error WF301 VPC default\/gateway-outside spec\.subnets\.web\.gateway/);
  assert.match(r.err, /5 errors, 0 warnings/);
  assert.match(r.err, /no device files written \(files already in .* are from an earlier compile\); diagnostics in /);
  assert.deepEqual(listFiles(out), ['diagnostics.json']);
  const diagnostics = readJson(join(out, 'diagnostics.json')) as { code: string; path: string }[];
  assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['WF103', 'WF103', 'WF203', 'WF301', 'WF307']);
});

test('invalid input with --json prints the diagnostics as JSON and exits 1', async (t) => {
  const r = await weft('compile', '-f', LAB_WIRING, '-f', join(ROOT, 'examples/invalid/gateway-outside.yaml'), '-o', join(temporary(t), 'out'), '--json');
  assert.equal(r.code, 1);
  const parsed = JSON.parse(r.out) as { valid: boolean; diagnostics: { code: string; path: string }[] };
  assert.equal(parsed.valid, false);
  assert.deepEqual(parsed.diagnostics.map((d) => `${d.code} ${d.path}`), ['WF301 VPC default/gateway-outside spec.subnets.web.gateway']);
});

test('compile of the lab writes one directory per device, allocations.json and diagnostics.json', async (t) => {
  const out = join(temporary(t), 'out');
  const r = await weft('compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', out);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, `compiled 7 devices (2 spines, 4 leaves, 1 border) into ${out}: 13 device files, allocations.json, diagnostics.json\n`);
  assert.deepEqual(listFiles(out), LAB_FILES);
  assert.deepEqual(readJson(join(out, 'diagnostics.json')), []);
  const leaf1 = readJson(join(out, 'leaf1/config_db.json')) as Record<string, Record<string, unknown>>;
  assert.ok(leaf1.VXLAN_TUNNEL !== undefined && leaf1.VRF !== undefined);
  assert.match(readFileSync(join(out, 'border1/vyos.set'), 'utf8'), /^set protocols bgp system-as /m);
  const numbers = vpcNumbers(out);
  assert.deepEqual(Object.keys(numbers), ['default/blue', 'default/green', 'globex/shop']);
  assert.equal(numbers['default/blue']?.vni, 10000);
});

test('compile --json lists the files it wrote', async (t) => {
  const r = await weft('compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', join(temporary(t), 'out'), '--json');
  assert.equal(r.code, 0);
  const parsed = JSON.parse(r.out) as { valid: boolean; files: string[] };
  assert.equal(parsed.valid, true);
  assert.deepEqual(parsed.files, LAB_FILES.filter((f) => f !== 'allocations.json' && f !== 'diagnostics.json'));
});

test('compiling twice gives byte-identical files', async (t) => {
  const dir = temporary(t);
  await weft('compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', join(dir, 'a'));
  await weft('compile', '-f', LAB_INTENTS, '-f', LAB_WIRING, '-o', join(dir, 'b'));
  for (const file of LAB_FILES) assert.equal(readFileSync(join(dir, 'b', file), 'utf8'), readFileSync(join(dir, 'a', file), 'utf8'), file);
});

test('-a keeps every earlier number when a VPC whose name sorts first is added', async (t) => {
  const dir = temporary(t);
  await weft('compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', join(dir, 'before'));
  const intents = labIntentsWith(
    dir,
    `---
apiVersion: vpc.weft.dev/v1alpha1
kind: VPC
metadata:
  name: aaa
  namespace: default
spec:
  tenant: acme
  subnets:
    first:
      cidr: 10.99.1.0/24
---
apiVersion: vpc.weft.dev/v1alpha1
kind: VPCAttachment
metadata:
  name: server1-aaa-first
  namespace: default
spec:
  subnet: aaa/first
  connection: server1--leaf1
`,
  );
  const kept = await weft('compile', '-f', LAB_WIRING, '-f', intents, '-o', join(dir, 'kept'), '-a', join(dir, 'before/allocations.json'));
  assert.equal(kept.code, 0, kept.err);
  const before = vpcNumbers(join(dir, 'before'));
  const after = vpcNumbers(join(dir, 'kept'));
  for (const [key, numbers] of Object.entries(before)) assert.deepEqual(after[key], numbers, key);
  assert.ok(after['default/aaa']?.vni !== undefined && after['default/aaa'].vni > 10000);
  // without -a the new VPC takes the first VNI and blue's moves: -a is what keeps it
  await weft('compile', '-f', LAB_WIRING, '-f', intents, '-o', join(dir, 'fresh'));
  assert.equal(vpcNumbers(join(dir, 'fresh'))['default/aaa']?.vni, 10000);
});

test('-a with a file that is not JSON exits 1 with WF502; a file that cannot be read exits 2', async (t) => {
  const dir = temporary(t);
  writeFileSync(join(dir, 'broken.json'), '{ not json');
  const broken = await weft('compile', '-f', LAB_WIRING, '-o', join(dir, 'out'), '-a', join(dir, 'broken.json'));
  assert.equal(broken.code, 1);
  assert.match(broken.err, /error WF502 allocations .*broken\.json: is not valid JSON/);
  const missing = await weft('compile', '-f', LAB_WIRING, '-o', join(dir, 'out'), '-a', join(dir, 'none.json'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /none\.json: cannot read the earlier allocations/);
});

test('-a with malformed entries warns, ignores them and compiles', async (t) => {
  const dir = temporary(t);
  await weft('compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', join(dir, 'before'));
  const earlier = readJson(join(dir, 'before/allocations.json')) as { vpcs: Record<string, unknown>; externals: Record<string, unknown> };
  earlier.vpcs['default/blue'] = 5;
  earlier.vpcs['default/green'] = { vrf: 2, subnets: { api: null } };
  earlier.externals['default/internet'] = 'x';
  writeFileSync(join(dir, 'edited.json'), JSON.stringify(earlier));
  const r = await weft('compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', join(dir, 'after'), '-a', join(dir, 'edited.json'));
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /^warning WF502 allocations .*edited\.json vpcs\.default\/blue: is not a VPC entry with a subnets object; it is ignored and its owner gets new numbers$/m);
  assert.match(r.err, /^warning WF502 allocations .*edited\.json vpcs\.default\/green: /m);
  assert.match(r.err, /^warning WF502 allocations .*edited\.json externals\.default\/internet: /m);
  assert.deepEqual(listFiles(join(dir, 'after')), LAB_FILES);
  // the entries that were fine keep their numbers
  assert.deepEqual(vpcNumbers(join(dir, 'after'))['globex/shop'], vpcNumbers(join(dir, 'before'))['globex/shop']);
});

test('an output path that cannot be a directory is a usage error, not a crash', async (t) => {
  const dir = temporary(t);
  writeFileSync(join(dir, 'a-file'), 'x');
  const r = await weft('compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', join(dir, 'a-file'));
  assert.equal(r.code, 2);
  assert.match(r.err, /^weft compile: cannot write .*a-file/);
});

// plan and explain

test('plan --from an earlier compile of the same input shows no changes', async (t) => {
  const dir = temporary(t);
  await weft('compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', dir);
  const r = await weft('plan', '-f', LAB_WIRING, '-f', LAB_INTENTS, '--from', dir);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'No changes: every device is up to date.\n');
  const json = await weft('plan', '-f', LAB_WIRING, '-f', LAB_INTENTS, '--from', dir, '--json');
  assert.deepEqual(JSON.parse(json.out), { devices: [] });
});

test('plan after adding an attachment shows the new VLAN on that leaf only', async (t) => {
  const dir = temporary(t);
  await weft('compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', join(dir, 'before'));
  const r = await weft('plan', '-f', LAB_WIRING, '-f', labIntentsWith(dir, BLUE_DB_ON_SERVER1), '--from', join(dir, 'before'));
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^leaf1:\n {2}config_db\.json \(changed, \d+ lines\)\n/);
  assert.match(r.out, /^ {4}\+ VLAN\|Vlan\d+ \{.*"description":"default\/blue db".*\}$/m);
  assert.match(r.out, /^ {4}\+ VLAN_MEMBER\|Vlan\d+\|Ethernet0 \{"tagging_mode":"tagged"\}$/m);
  assert.match(r.out, /^Plan: 1 device change, \d+ lines in all\.$/m);
  assert.doesNotMatch(r.out, /^leaf2:/m);
  const json = await weft('plan', '-f', LAB_WIRING, '-f', labIntentsWith(join(dir, 'x'), BLUE_DB_ON_SERVER1), '--from', join(dir, 'before'), '--json');
  const parsed = JSON.parse(json.out) as { devices: { device: string; files: { file: string; change: string }[] }[] };
  assert.deepEqual(parsed.devices.map((d) => d.device), ['leaf1']);
});

test('explain vpc/NAME says which rule chose the method and shows every number', async (t) => {
  const dir = temporary(t);
  await weft('compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', dir);
  const blue = vpcNumbers(dir)['default/blue'];
  assert.ok(blue?.vni !== undefined);
  const r = await weft('explain', '-f', LAB_WIRING, '-f', LAB_INTENTS, 'vpc/blue');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^VPC default\/blue \(tenant acme\)$/m);
  assert.match(r.out, /rule legacy-vlan \(#1\) does not match: tenant acme is not in \[legacy\]/);
  assert.match(r.out, /^ {2}isolation: evpn-l3vni \(rule default\)$/m);
  assert.match(r.out, new RegExp(`vrf: Vrf${blue.vrf} \\(id ${blue.vrf}, table ${1000 + blue.vrf}, L3VNI ${blue.vni}, route target 65000:${blue.vni}\\)`));
  assert.match(r.out, new RegExp(`web: 10\\.10\\.1\\.0/24, gateway 10\\.10\\.1\\.1, VNI ${blue.subnets.web?.vni ?? 'x'} `));
  assert.match(r.out, /^ {2}inside the VPC:\n {4}subnet app isolated: reaches only \[web\] \(permit\)\n {4}static route 10\.99\.0\.0\/24 via 10\.10\.2\.10 \(app\): installed on leaf2; /m);
  const shop = await weft('explain', '-f', LAB_WIRING, '-f', LAB_INTENTS, 'vpc/shop');
  assert.match(shop.out, /rule l2-only \(#2\) matches: label weft\.dev\/isolation=l2 -> evpn-l2vni/);
  const json = await weft('explain', '-f', LAB_WIRING, '-f', LAB_INTENTS, 'vpc/blue', '--json');
  const parsed = JSON.parse(json.out) as { vpc: string; isolation: string; vrf: { l3vni: number } };
  assert.deepEqual([parsed.vpc, parsed.isolation, parsed.vrf.l3vni], ['default/blue', 'evpn-l3vni', blue.vni]);
});

test('explain switch/NAME lists its VLANs with VNIs, its VRFs and its files', async () => {
  const r = await weft('explain', '-f', LAB_WIRING, '-f', LAB_INTENTS, 'switch/leaf1');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Switch leaf1 \(leaf, sonic\): AS \d+, router id 10\.0\.0\.\d+$/m);
  assert.match(r.out, /^ {4}Vlan\d+ vni \d+ default\/blue\/web gateway 10\.10\.1\.1\/24$/m);
  assert.match(r.out, /^ {4}Vlan\d+ vni \d+ default\/blue \(L3VNI transit\)$/m);
  assert.match(r.out, /^ {2}files: leaf1\/config_db\.json, leaf1\/frr\.conf$/m);
  const json = await weft('explain', '-f', LAB_WIRING, '-f', LAB_INTENTS, 'switch/leaf1', '--json');
  const parsed = JSON.parse(json.out) as { switch: string; files: string[] };
  assert.deepEqual(parsed.files, ['leaf1/config_db.json', 'leaf1/frr.conf']);
});

test('explain connection/NAME says how an ESI-LAG is built on each leaf, and vpc/NAME its host BGP subnet', async () => {
  const multihoming = join(ROOT, 'examples/multihoming');
  const r = await weft('explain', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-f', multihoming, 'connection/server8--eslag');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Connection server8--eslag \(eslag, server server8\): leaf1, leaf2$/m);
  assert.match(r.out, /^ {2}ESI-LAG of server server8 on 2 leaves: leaf1 Ethernet40 in PortChannel\d+, leaf2 Ethernet40 in PortChannel\d+$/m);
  assert.match(r.out, /^ {2}Ethernet segment 00(:[0-9a-f]{2}){9} \(type 0, from the connection name\), LACP system MAC 02(:[0-9a-f]{2}){5}/m);
  assert.match(r.out, /^ {2}designated forwarder: leaf1 while it is up/m);
  const vpc = await weft('explain', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-f', multihoming, 'vpc/svc');
  assert.equal(vpc.code, 0, vpc.err);
  assert.match(vpc.out, /^ {4}host BGP default\/svc\/vips: leaf3\/Ethernet40 is routed in Vrf\d+ \(no VLAN\), unnumbered BGP over IPv6 link-local with server server9/m);
});

test('explain of an object that does not exist exits 1 and says so', async () => {
  const r = await weft('explain', '-f', LAB_WIRING, '-f', LAB_INTENTS, 'vpc/nope');
  assert.equal(r.code, 1);
  assert.match(r.err, /weft explain: no VPC nope/);
  const sw = await weft('explain', '-f', LAB_WIRING, 'switch/leaf99');
  assert.equal(sw.code, 1);
  assert.match(sw.err, /weft explain: no Switch leaf99/);
});

// the real entry point

test('bin/weft.js runs end to end under the pinned Node', (t) => {
  const dir = temporary(t);
  const bin = join(ROOT, 'bin/weft.js');
  const compiled = spawnSync(process.execPath, [bin, 'compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', dir], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(compiled.status, 0, compiled.stderr);
  assert.match(compiled.stdout, /^compiled 7 devices \(2 spines, 4 leaves, 1 border\)/);
  assert.deepEqual(listFiles(dir), LAB_FILES);
  const invalid = spawnSync(process.execPath, [bin, 'validate', '-f', LAB_WIRING, '-f', join(ROOT, 'examples/invalid')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(invalid.status, 1);
  assert.match(invalid.stderr, /5 errors, 0 warnings/);
  const usage = spawnSync(process.execPath, [bin, 'compile'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.ok(existsSync(join(dir, 'allocations.json')));
});

test('compile --release-quarantine frees the quarantined VNIs of the earlier allocations; it needs -a', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-cli-release-'));
  try {
    const earlier = join(dir, 'earlier.json');
    writeFileSync(
      earlier,
      JSON.stringify({ version: 1, generation: 3, switches: {}, links: {}, vpcs: {}, externals: {}, quarantine: [{ pool: 'vni', value: 10000, owner: 'default/gone', since: 3 }] }),
    );
    const kept = await weft('compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', join(dir, 'a'), '-a', earlier);
    assert.equal(kept.code, 0, kept.err);
    const keptAllocations = JSON.parse(readFileSync(join(dir, 'a', 'allocations.json'), 'utf8')) as { quarantine: { value: number }[]; vpcs: Record<string, { vni?: number }> };
    assert.deepEqual(keptAllocations.quarantine.map((q) => q.value), [10000]);
    assert.ok(Object.values(keptAllocations.vpcs).every((v) => v.vni !== 10000));
    const released = await weft('compile', '-f', LAB_WIRING, '-f', LAB_INTENTS, '-o', join(dir, 'b'), '-a', earlier, '--release-quarantine');
    assert.equal(released.code, 0, released.err);
    const releasedAllocations = JSON.parse(readFileSync(join(dir, 'b', 'allocations.json'), 'utf8')) as { quarantine: unknown[]; vpcs: Record<string, { vni?: number }> };
    assert.deepEqual(releasedAllocations.quarantine, []);
    assert.ok(Object.values(releasedAllocations.vpcs).some((v) => v.vni === 10000), 'VNI 10000 is free again and the lowest');
    const usage = await weft('compile', '-f', LAB_WIRING, '-o', join(dir, 'c'), '--release-quarantine');
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--release-quarantine needs -a FILE/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
