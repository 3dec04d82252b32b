/**
 * Generates a large spine-leaf fabric and tenant intents for benchmarks and scale tests.
 *
 * Everything is derived from indices (no randomness), so the same options always give the same
 * bytes. The text is built by hand rather than through a YAML library: the default fabric has
 * about 19,000 documents and must be written in well under a second.
 *
 *   node dist/wiring/generate.js --spines 4 --leaves 128 --servers 4096 \
 *     --vpcs 2000 --subnets 4 --attachments 8000 -o out/large
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export interface FabricOptions {
  readonly spines: number;
  readonly leaves: number;
  readonly servers: number;
  readonly vpcs: number;
  /** subnets per VPC */
  readonly subnets: number;
  /** VPC attachments: each puts one server connection into one subnet */
  readonly attachments: number;
  /**
   * VyOS border routers, each on every spine and with one External (internet transit) that a few
   * VPCs of its namespace peer with. Default 0.
   */
  readonly borders?: number;
}

export const DEFAULT_FABRIC_OPTIONS: FabricOptions = {
  spines: 4,
  leaves: 128,
  servers: 4096,
  vpcs: 2000,
  subnets: 4,
  attachments: 8000,
};

/** VPCs are spread over at most this many tenants. */
export const TENANT_COUNT = 100;
/** Tenants live in these namespaces, round robin. */
export const NAMESPACES: readonly string[] = ['default', 'prod', 'staging', 'dev'];
/** Every tenth VPC carries this label, so the policy's l2 rule has something to choose. */
export const L2_LABEL = 'weft.dev/isolation';

/** Leaves get at least as many server ports as the lab's leaves (Ethernet0..Ethernet44). */
const MINIMUM_SERVER_PORTS = 12;
const MAXIMUM_SWITCH_PORTS = 1024;
/** Border transit links are /30s in 198.18.0.0/15 (RFC 2544's benchmarking range). */
const MAXIMUM_BORDERS = 1024;
/** Tenant /24s come from 10.1.0.0 - 10.255.255.0; 10.0.0.0/16 holds the underlay loopbacks. */
const TENANT_BLOCKS = 255 * 256;

const WIRING = 'wiring.weft.dev/v1alpha1';
const VPC_API = 'vpc.weft.dev/v1alpha1';
const POLICY_API = 'policy.weft.dev/v1alpha1';

/** The numbers every part of the generator derives names and ports from. */
export interface FabricLayout {
  readonly options: FabricOptions;
  /** server ports per leaf: Ethernet0 .. Ethernet(4 * (n - 1)) */
  readonly serverPortsPerLeaf: number;
  readonly tenants: number;
  readonly subnetsTotal: number;
}

/** Every problem with the options, as sentences; empty when they can be generated. */
export function checkFabricOptions(options: FabricOptions): string[] {
  const problems: string[] = [];
  const whole = (name: keyof FabricOptions, minimum: number): void => {
    const value = options[name] ?? 0;
    if (!Number.isInteger(value) || value < minimum) problems.push(`${name} must be a whole number of at least ${minimum}, got ${value}`);
  };
  whole('spines', 1);
  whole('leaves', 1);
  whole('servers', 0);
  whole('vpcs', 0);
  whole('subnets', 1);
  whole('attachments', 0);
  if (options.borders !== undefined) whole('borders', 0);
  if (problems.length > 0) return problems;
  if ((options.borders ?? 0) > MAXIMUM_BORDERS) problems.push(`borders must be at most ${MAXIMUM_BORDERS}, got ${options.borders}`);
  if (options.subnets > 256) problems.push(`subnets must be at most 256 per VPC, got ${options.subnets}`);
  if (options.leaves + (options.borders ?? 0) > MAXIMUM_SWITCH_PORTS) {
    problems.push(`leaves and borders must be at most ${MAXIMUM_SWITCH_PORTS} together: each spine has one port per leaf and per border`);
  }
  const serverPorts = serverPortsPerLeaf(options);
  if (serverPorts + options.spines > MAXIMUM_SWITCH_PORTS) {
    problems.push(`a leaf would need ${serverPorts + options.spines} ports (at most ${MAXIMUM_SWITCH_PORTS}): add leaves or remove servers`);
  }
  const pairs = options.servers * options.vpcs * options.subnets;
  if (options.attachments > pairs) {
    problems.push(`attachments must be at most servers x vpcs x subnets = ${pairs}, got ${options.attachments}`);
  }
  return problems;
}

function serverPortsPerLeaf(options: FabricOptions): number {
  return Math.max(MINIMUM_SERVER_PORTS, Math.ceil(options.servers / options.leaves));
}

/** Fills in defaults, checks the options and derives the layout; throws RangeError on bad options. */
export function planFabric(options: Partial<FabricOptions> = {}): FabricLayout {
  const full: FabricOptions = { ...DEFAULT_FABRIC_OPTIONS, ...options };
  const problems = checkFabricOptions(full);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  return {
    options: full,
    serverPortsPerLeaf: serverPortsPerLeaf(full),
    tenants: Math.min(TENANT_COUNT, full.vpcs),
    subnetsTotal: full.vpcs * full.subnets,
  };
}

// Names, ports and addresses: each a function of an index, shared by wiring and intents.

const spineName = (spine: number): string => `spine${spine + 1}`;
const leafName = (leaf: number): string => `leaf${leaf + 1}`;
const serverName = (server: number): string => `server${server + 1}`;
const ethernet = (index: number): string => `Ethernet${index * 4}`;
const tenantName = (tenant: number): string => `tenant${tenant + 1}`;
const vpcName = (vpc: number): string => `vpc${vpc + 1}`;
const subnetName = (subnet: number): string => `subnet${subnet + 1}`;
const borderName = (border: number): string => `border${border + 1}`;
const externalName = (border: number): string => `internet${border + 1}`;
const vyosPort = (index: number): string => `eth${index}`;
/** Each border's External lives in one namespace (a VPC peers with Externals of its own namespace). */
const borderNamespace = (border: number): string => NAMESPACES[border % NAMESPACES.length] ?? 'default';

/** The border's transit /30: its own address (.2 of the /30) and the outside router's (.1). */
function transitAddresses(border: number): { own: string; peer: string } {
  const base = border * 4;
  const prefix = `198.${18 + Math.floor(base / 65536)}.${Math.floor(base / 256) % 256}`;
  return { own: `${prefix}.${(base % 256) + 2}/30`, peer: `${prefix}.${(base % 256) + 1}` };
}

/** Servers go round robin over the leaves, so consecutive servers sit on different leaves. */
function leafOfServer(layout: FabricLayout, server: number): number {
  return server % layout.options.leaves;
}

function serverPort(layout: FabricLayout, server: number): string {
  return ethernet(Math.floor(server / layout.options.leaves));
}

/** Leaf uplinks follow the server ports: with 32 server ports, spine1 is on Ethernet128. */
function uplinkPort(layout: FabricLayout, spine: number): string {
  return ethernet(layout.serverPortsPerLeaf + spine);
}

export function serverConnectionName(layout: FabricLayout, server: number): string {
  return `${serverName(server)}--${leafName(leafOfServer(layout, server))}`;
}

function tenantOfVpc(layout: FabricLayout, vpc: number): number {
  return vpc % layout.tenants;
}

function namespaceOfVpc(layout: FabricLayout, vpc: number): string {
  return NAMESPACES[tenantOfVpc(layout, vpc) % NAMESPACES.length] ?? 'default';
}

/** A /24 per subnet, unique across the fabric until the 10/8 space runs out, never repeated in a VPC. */
function subnetCidr(layout: FabricLayout, vpc: number, subnet: number): { cidr: string; base: string } {
  const block = (vpc * layout.options.subnets + subnet) % TENANT_BLOCKS;
  const base = `10.${1 + Math.floor(block / 256)}.${block % 256}`;
  return { cidr: `${base}.0/24`, base };
}

// Documents.

function header(kind: string, apiVersion: string, name: string, namespace?: string): string {
  const scope = namespace === undefined ? '' : `\n  namespace: ${namespace}`;
  return `---\napiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}${scope}\n`;
}

function portList(count: number, first = 0): string[] {
  const ports: string[] = [];
  for (let i = 0; i < count; i++) ports.push(ethernet(first + i));
  return ports;
}

function switchDocument(name: string, role: 'spine' | 'leaf', ports: readonly string[]): string {
  return `${header('Switch', WIRING, name)}spec:\n  role: ${role}\n  os: sonic\n  ports: [${ports.join(', ')}]\n`;
}

function commandLine(options: FabricOptions): string {
  const flags = (Object.keys(DEFAULT_FABRIC_OPTIONS) as (keyof FabricOptions)[]).map((k) => `--${k} ${options[k]}`);
  if ((options.borders ?? 0) > 0) flags.push(`--borders ${options.borders}`);
  return `# generated by: node dist/wiring/generate.js ${flags.join(' ')}\n`;
}

/** Border b is on port Ethernet4*(leaves+b) of every spine, on its eth0..eth(spines-1), and faces the outside on eth(spines). */
function borderWiringDocuments(layout: FabricLayout): string[] {
  const { spines, leaves } = layout.options;
  const out: string[] = [];
  for (let b = 0; b < (layout.options.borders ?? 0); b++) {
    const ports = Array.from({ length: spines + 1 }, (_, i) => vyosPort(i));
    out.push(`${header('Switch', WIRING, borderName(b))}spec:\n  role: border\n  os: vyos\n  ports: [${ports.join(', ')}]\n`);
    for (let s = 0; s < spines; s++) {
      out.push(
        `${header('Connection', WIRING, `${spineName(s)}--${borderName(b)}`)}spec:\n` +
          `  fabric: {spine: ${spineName(s)}/${ethernet(leaves + b)}, leaf: ${borderName(b)}/${vyosPort(s)}}\n`,
      );
    }
    const { own, peer } = transitAddresses(b);
    out.push(
      `${header('Connection', WIRING, `${borderName(b)}--external`)}spec:\n` +
        `  external:\n    switch: ${borderName(b)}/${vyosPort(spines)}\n    address: ${own}\n    peer: {ip: ${peer}, asn: ${64496 + (b % 16)}}\n`,
    );
  }
  return out;
}

/** The VPCs that peer with border b's External: up to four L3VNI VPCs of its namespace, shared among that namespace's borders. */
function borderPeers(layout: FabricLayout, border: number): number[] {
  const borders = layout.options.borders ?? 0;
  const namespace = borderNamespace(border);
  const sameNamespace = Array.from({ length: borders }, (_, b) => b).filter((b) => borderNamespace(b) === namespace);
  const share = sameNamespace.indexOf(border);
  const peers: number[] = [];
  let seen = 0;
  for (let v = 0; v < layout.options.vpcs && peers.length < 4; v++) {
    if (v % 10 === 9 || namespaceOfVpc(layout, v) !== namespace) continue;
    if (seen % sameNamespace.length === share) peers.push(v);
    seen += 1;
  }
  return peers;
}

function borderIntentDocuments(layout: FabricLayout): string[] {
  const out: string[] = [];
  for (let b = 0; b < (layout.options.borders ?? 0); b++) {
    const namespace = borderNamespace(b);
    out.push(`${header('External', VPC_API, externalName(b), namespace)}spec:\n  description: internet transit of ${borderName(b)}\n  prefixes: [0.0.0.0/0]\n`);
    out.push(`${header('ExternalAttachment', VPC_API, `${externalName(b)}--${borderName(b)}`, namespace)}spec:\n  external: ${externalName(b)}\n  connection: ${borderName(b)}--external\n`);
    for (const v of borderPeers(layout, b)) {
      out.push(
        `${header('ExternalPeering', VPC_API, `${vpcName(v)}--${externalName(b)}`, namespace)}spec:\n` +
          `  vpc: ${vpcName(v)}\n  external: ${externalName(b)}\n  permit:\n    subnets: [${subnetName(0)}]\n    prefixes: [0.0.0.0/0]\n`,
      );
    }
  }
  return out;
}

function wiringDocuments(layout: FabricLayout): string[] {
  const { spines, leaves, servers } = layout.options;
  const out: string[] = [commandLine(layout.options)];
  const spinePorts = portList(leaves + (layout.options.borders ?? 0));
  for (let s = 0; s < spines; s++) out.push(switchDocument(spineName(s), 'spine', spinePorts));
  const leafPorts = portList(layout.serverPortsPerLeaf + spines);
  for (let l = 0; l < leaves; l++) out.push(switchDocument(leafName(l), 'leaf', leafPorts));
  for (let i = 0; i < servers; i++) out.push(`${header('Server', WIRING, serverName(i))}spec: {}\n`);
  for (let s = 0; s < spines; s++) {
    for (let l = 0; l < leaves; l++) {
      out.push(
        `${header('Connection', WIRING, `${spineName(s)}--${leafName(l)}`)}spec:\n` +
          `  fabric: {spine: ${spineName(s)}/${ethernet(l)}, leaf: ${leafName(l)}/${uplinkPort(layout, s)}}\n`,
      );
    }
  }
  for (let i = 0; i < servers; i++) {
    out.push(
      `${header('Connection', WIRING, serverConnectionName(layout, i))}spec:\n` +
        `  unbundled: {server: ${serverName(i)}/eth0, switch: ${leafName(leafOfServer(layout, i))}/${serverPort(layout, i)}}\n`,
    );
  }
  out.push(...borderWiringDocuments(layout));
  return out;
}

function policyDocument(layout: FabricLayout): string {
  const vpcsPerTenant = Math.max(20, Math.ceil(layout.options.vpcs / Math.max(1, layout.tenants)));
  return (
    `${header('FabricPolicy', POLICY_API, 'default')}spec:\n` +
    '  isolation:\n    default: evpn-l3vni\n    rules:\n' +
    `      - name: l2-only\n        match:\n          labels: {${L2_LABEL}: l2}\n        method: evpn-l2vni\n` +
    '  pools:\n    vlan: {start: 1000, end: 3999}\n    vni: {start: 10000, end: 999999}\n' +
    '  underlay:\n    asn: {spine: 65100, leafStart: 65101}\n    loopbacks: 10.0.0.0/16\n    links: unnumbered\n    mtu: 9100\n' +
    '  anycastGatewayMac: "00:00:5e:00:01:01"\n' +
    `  limits: {vpcsPerTenant: ${vpcsPerTenant}, subnetsPerVpc: ${Math.max(16, layout.options.subnets)}}\n`
  );
}

function vpcDocument(layout: FabricLayout, vpc: number): string {
  const labels = vpc % 10 === 9 ? `  labels: {${L2_LABEL}: l2}\n` : '';
  const lines = [
    `${header('VPC', VPC_API, vpcName(vpc), namespaceOfVpc(layout, vpc))}${labels}spec:\n`,
    `  tenant: ${tenantName(tenantOfVpc(layout, vpc))}\n  subnets:\n`,
  ];
  for (let s = 0; s < layout.options.subnets; s++) {
    const { cidr, base } = subnetCidr(layout, vpc, s);
    // the first subnet of each VPC hands out addresses, so DHCP ranges get exercised too
    const dhcp = s === 0 ? `, dhcp: {start: ${base}.100, end: ${base}.199}` : '';
    lines.push(`    ${subnetName(s)}: {cidr: ${cidr}${dhcp}}\n`);
  }
  return lines.join('');
}

/**
 * Attachment `a` goes to subnet `a mod subnetsTotal` on server `(subnet + round) mod servers`,
 * where `round` counts how often the subnets have been cycled; no (server, subnet) pair repeats.
 * The first attachment of a connection is its native (untagged) VLAN, the others are tagged.
 */
function attachmentDocuments(layout: FabricLayout): string[] {
  const { servers, subnets, attachments } = layout.options;
  const out: string[] = [];
  const hasNative = new Uint8Array(servers);
  for (let a = 0; a < attachments; a++) {
    const global = a % layout.subnetsTotal;
    const round = Math.floor(a / layout.subnetsTotal);
    const server = (global + round) % servers;
    const vpc = Math.floor(global / subnets);
    const subnet = global % subnets;
    const native = hasNative[server] === 0;
    hasNative[server] = 1;
    const name = `${vpcName(vpc)}-${subnetName(subnet)}-${serverName(server)}`;
    out.push(
      `${header('VPCAttachment', VPC_API, name, namespaceOfVpc(layout, vpc))}spec:\n` +
        `  subnet: ${vpcName(vpc)}/${subnetName(subnet)}\n  connection: ${serverConnectionName(layout, server)}\n` +
        (native ? '  nativeVLAN: true\n' : ''),
    );
  }
  return out;
}

function intentDocuments(layout: FabricLayout): string[] {
  const out: string[] = [commandLine(layout.options), policyDocument(layout)];
  for (let v = 0; v < layout.options.vpcs; v++) out.push(vpcDocument(layout, v));
  out.push(...attachmentDocuments(layout));
  out.push(...borderIntentDocuments(layout));
  return out;
}

/** Switches, servers and connections, as multi-document YAML. */
export function generateWiring(options: Partial<FabricOptions> = {}): string {
  return wiringDocuments(planFabric(options)).join('');
}

/** The FabricPolicy, VPCs and VPC attachments, as multi-document YAML. */
export function generateIntents(options: Partial<FabricOptions> = {}): string {
  return intentDocuments(planFabric(options)).join('');
}

/** The whole fabric (wiring, then intents) as one multi-document YAML text. */
export function generateFabric(options: Partial<FabricOptions> = {}): string {
  const layout = planFabric(options);
  return [...wiringDocuments(layout), ...intentDocuments(layout)].join('');
}

// Command line.

const USAGE = `usage: node dist/wiring/generate.js [--spines N] [--leaves N] [--servers N] [--vpcs N]
                                  [--subnets N] [--attachments N] [--borders N] [-o DIR]
writes DIR/wiring.yaml and DIR/intents.yaml (defaults: ${(Object.keys(DEFAULT_FABRIC_OPTIONS) as (keyof FabricOptions)[])
  .map((k) => `--${k} ${DEFAULT_FABRIC_OPTIONS[k]}`)
  .join(' ')} -o out/large)
`;

class UsageError extends Error {}

function readOptions(argv: readonly string[]): { options: FabricOptions; outputDirectory: string } | 'help' {
  const number = { type: 'string' } as const;
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      spines: number,
      leaves: number,
      servers: number,
      vpcs: number,
      subnets: number,
      attachments: number,
      borders: number,
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help';
  const read = (name: keyof FabricOptions): number => {
    const text = values[name];
    if (text === undefined) return DEFAULT_FABRIC_OPTIONS[name] ?? 0;
    if (!/^[0-9]+$/.test(text)) throw new UsageError(`--${name} takes a whole number, got ${JSON.stringify(text)}`);
    return Number(text);
  };
  const options: FabricOptions = {
    spines: read('spines'),
    leaves: read('leaves'),
    servers: read('servers'),
    vpcs: read('vpcs'),
    subnets: read('subnets'),
    attachments: read('attachments'),
    ...(values.borders === undefined ? {} : { borders: read('borders') }),
  };
  const problems = checkFabricOptions(options);
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return { options, outputDirectory: values.output ?? join('out', 'large') };
}

function countDocuments(text: string): number {
  return text.split('\n').filter((line) => line === '---').length;
}

/** Runs the command line; returns the exit code (0 written, 2 usage error). */
export function main(argv: readonly string[]): number {
  let parsed: ReturnType<typeof readOptions>;
  try {
    parsed = readOptions(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`generate: ${message}\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const { options, outputDirectory } = parsed;
  const wiring = generateWiring(options);
  const intents = generateIntents(options);
  mkdirSync(outputDirectory, { recursive: true });
  const wiringPath = join(outputDirectory, 'wiring.yaml');
  const intentsPath = join(outputDirectory, 'intents.yaml');
  writeFileSync(wiringPath, wiring);
  writeFileSync(intentsPath, intents);
  process.stdout.write(
    `wrote ${wiringPath} (${countDocuments(wiring)} documents) and ${intentsPath} (${countDocuments(intents)} documents)\n`,
  );
  return 0;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  process.exitCode = main(process.argv.slice(2));
}
