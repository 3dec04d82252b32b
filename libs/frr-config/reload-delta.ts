/**
 * What `frr-reload.py --test` says would change: "Lines To Delete" and "Lines To Add", each entry
 * its context lines (one more space of indent per level) and then the command, as
 * `lines_to_config` prints them. Parsed into lines a person reads as `router bgp 65101 /
 * neighbor Ethernet48 description spine1`.
 */

export interface FrrLine {
  /** the enclosing contexts, outermost first: `router bgp 65101`, `address-family l2vpn evpn` */
  readonly context: readonly string[];
  /** the command itself; for a delete, the `no` form that will be run */
  readonly command: string;
}

export interface FrrDelta {
  readonly deletes: readonly FrrLine[];
  readonly adds: readonly FrrLine[];
}

const CLOSERS = new Set(['exit', 'exit-vrf', 'exit-address-family', 'exit-vni', 'end', '!']);

function entries(lines: readonly string[]): FrrLine[] {
  const groups: string[][] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (!line.startsWith(' ') || groups.length === 0) groups.push([line]);
    else groups[groups.length - 1]?.push(line);
  }
  return groups.map((g) => {
    const trimmed = g.map((l) => l.trim());
    // Stryker disable next-line StringLiteral: equivalent, a group always holds its first line
    return { context: trimmed.slice(0, -1), command: trimmed.at(-1) ?? '' };
  });
}

export function parseReloadDelta(output: string): FrrDelta {
  const lines = output.split('\n');
  const section = (title: string): string[] => {
    const start = lines.findIndex((l) => l.trim() === title);
    if (start < 0) return [];
    const body: string[] = [];
    for (const line of lines.slice(start + 2)) {
      if (line.trim() === 'Lines To Delete' || line.trim() === 'Lines To Add') break;
      body.push(line);
    }
    return body;
  };
  return { deletes: entries(section('Lines To Delete')), adds: entries(section('Lines To Add')) };
}

export function lineText(line: FrrLine): string {
  return [...line.context, line.command].join(' / ');
}

export interface DeltaFilter {
  /** the desired frr.conf, for its `frr defaults` profile */
  readonly desired: string;
  /**
   * The daemons share vtysh's UTS namespace, so FRR keeps the kernel hostname whatever the config
   * says (FRR issue #7583): `hostname` lines can never converge and are left out.
   */
  readonly ignoreHostname?: boolean;
}

/** `frr defaults datacenter` -> `datacenter` */
export function defaultsProfile(config: string): string | undefined {
  return /^frr defaults (\S+)\s*$/m.exec(config)?.[1];
}

/**
 * Lines FRR accepts but never shows in the running config, so they would look like a change on
 * every check: the version line (frr-reload cannot change it) and a profile's defaults written out.
 */
function hidden(line: FrrLine, profile: string | undefined, ignoreHostname: boolean, ipv4UnicastOff: boolean): boolean {
  const top = line.context.length === 0;
  if (top && line.command.startsWith('frr version ')) return true;
  if (top && ignoreHostname && /^(no )?hostname /.test(line.command)) return true;
  if (profile === 'datacenter' && line.context[0]?.startsWith('router bgp ') === true && line.context.length === 1 && line.command === 'no bgp ebgp-requires-policy') return true;
  // `bgp default ipv4-unicast` (on unless the config turns it off) activates every neighbour for IPv4 unicast
  if (!ipv4UnicastOff && line.context.length === 2 && line.context[0]?.startsWith('router bgp ') === true && line.context[1] === 'address-family ipv4 unicast' && /^neighbor \S+ activate$/.test(line.command)) return true;
  return false;
}

/** A context line alone, when a deeper line of the same context follows: it says nothing by itself. */
function openerOnly(line: FrrLine, all: readonly FrrLine[]): boolean {
  const path = [...line.context, line.command];
  return all.some((other) => other !== line && other.context.length >= path.length && path.every((part, i) => other.context[i] === part));
}

/** The delta that matters: without closers, bare context openers and lines FRR hides. */
export function significantDelta(delta: FrrDelta, filter: DeltaFilter): FrrDelta {
  const profile = defaultsProfile(filter.desired);
  const ipv4UnicastOff = /^ no bgp default ipv4-unicast\s*$/m.test(filter.desired);
  const keep = (lines: readonly FrrLine[]): FrrLine[] =>
    lines.filter((l) => !CLOSERS.has(l.command) && !hidden(l, profile, filter.ignoreHostname === true, ipv4UnicastOff) && !openerOnly(l, lines));
  return { deletes: keep(delta.deletes), adds: keep(delta.adds) };
}

export function isEmptyDelta(delta: FrrDelta): boolean {
  return delta.deletes.length === 0 && delta.adds.length === 0;
}

/** The `hostname` a config sets, if any. */
export function hostnameOf(config: string): string | undefined {
  return /^hostname (\S+)\s*$/m.exec(config)?.[1];
}

/**
 * With FRR's netns VRF backend (`zebra -n`) the running config says, for each VRF, `netns
 * /run/netns/<VRF>`. A desired config without that line would make frr-reload run `no netns`,
 * cutting the VRF from its namespace: the line is added to each `vrf` block that lacks it.
 */
export function withNetnsVrfs(config: string): string {
  const lines = config.split('\n');
  const out: string[] = [];
  for (const [i, line] of lines.entries()) {
    out.push(line);
    const vrf = /^vrf (\S+)\s*$/.exec(line)?.[1];
    if (vrf === undefined) continue;
    let end = i + 1;
    while (lines[end]?.startsWith(' ') === true) end++;
    if (!lines.slice(i + 1, end).some((l) => /^ netns /.test(l))) out.push(` netns /run/netns/${vrf}`);
  }
  return out.join('\n');
}
