/** Human-readable `weft inspect` output: a few aligned tables, then the problems. */
import type { ConnectionInspection, Inspection, MacView, ServerInspection, SessionView, SwitchInspection, VniView, VpcInspection } from '#inspect';

/** Columns padded to their widest cell; the last one is not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

function tunnels(v: VniView): string {
  return v.remoteVteps.length === 0 ? '-' : v.remoteVteps.map((t) => (t.switch === undefined ? t.ip : `${t.switch} (${t.ip})`)).join(', ');
}

function where(m: MacView): string {
  if (m.type === 'local') return `local on ${m.port ?? '?'}${m.server === undefined ? '' : ` (${m.server} via ${m.connection ?? '?'})`}`;
  return `remote behind ${m.remoteVtep ?? '?'}${m.behind === undefined ? '' : ` (${m.behind})`}`;
}

function sessionRows(rows: readonly (SessionView & { switch?: string })[], withSwitch: boolean): string[] {
  const header = [...(withSwitch ? ['SWITCH'] : []), 'PEER', 'NEIGHBOUR', 'VRF', 'FAMILY', 'STATE', 'PREFIXES', 'UPTIME'];
  return table(header, rows.map((s) => [...(withSwitch ? [s.switch ?? ''] : []), s.peer, s.neighbour ?? '-', s.vrf, s.family, s.state, s.prefixesReceived === undefined ? '-' : String(s.prefixesReceived), s.uptime ?? '-']));
}

function problems(list: readonly string[]): string[] {
  return list.length === 0 ? ['problems: none'] : ['problems:', ...list.map((p) => `  ${p}`)];
}

function generation(p: { generation?: number; appliedGeneration?: number }): string {
  return `${p.appliedGeneration ?? '-'}/${p.generation ?? '-'}`;
}

function vpc(v: VpcInspection): string[] {
  const head = `VPC ${v.vpc}${v.vrf === undefined ? '' : `: ${v.vrf}`}${v.l3vni === undefined ? '' : `, L3VNI ${v.l3vni}`}, on ${v.switches.length} ${v.switches.length === 1 ? 'switch' : 'switches'}`;
  const switches = table(
    ['SWITCH', 'APPLIED', 'GENERATION', 'VNIS', 'EVPN SESSIONS', 'MACS'],
    v.switches.map((s) => {
      const evpn = s.sessions.filter((x) => x.family === 'l2VpnEvpn');
      const up = evpn.filter((x) => x.state === 'Established').length;
      const vnisUp = s.vnis.filter((x) => x.state === 'Up').length;
      const local = s.macs.filter((m) => m.type === 'local').length;
      return [s.switch, s.applied, generation(s), s.vnis.length === 0 ? '-' : `${vnisUp}/${s.vnis.length} up`, evpn.length === 0 ? '-' : `${up}/${evpn.length} Established`, `${local} local, ${s.macs.length - local} remote${s.macsOmitted === undefined ? '' : ` (+${s.macsOmitted} not reported)`}`];
    }),
  );
  const vnis = table(['SWITCH', 'VNI', 'TYPE', 'SUBNET', 'VLAN', 'STATE', 'TUNNELS TO'], v.switches.flatMap((s) => s.vnis.map((n) => [s.switch, String(n.vni), n.type, n.subnet ?? '-', n.vlan === undefined ? '-' : String(n.vlan), n.state, tunnels(n)])));
  const sessions = sessionRows(v.switches.flatMap((s) => s.sessions.map((x) => ({ ...x, switch: s.switch }))), true);
  const macs = table(['SWITCH', 'MAC', 'VNI', 'SUBNET', 'WHERE'], v.switches.flatMap((s) => s.macs.map((m) => [s.switch, m.mac, String(m.vni), m.subnet ?? '-', where(m)])));
  return [head, '', ...switches, '', 'VNIs', ...vnis, '', 'BGP sessions carrying it', ...sessions, '', 'MACs learnt', ...macs, '', ...problems(v.problems)];
}

function switchView(s: SwitchInspection): string[] {
  const head = `Switch ${s.switch} (${s.role}, ${s.os}): ${s.applied}, generation ${generation(s)}${s.lastHeartbeat === undefined ? '' : `, heartbeat ${s.lastHeartbeat}`}${s.driftCount === undefined ? '' : `, drift events ${s.driftCount}`}`;
  const vpcs = table(['VPC', 'VRF', 'VNIS'], s.vpcs.map((v) => [v.vpc, v.vrf ?? '-', v.vnis.length === 0 ? '-' : v.vnis.map((n) => `${n.vni} ${n.type} ${n.state}`).join(', ')]));
  const ports = table(['PORT', 'KIND', 'PEER', 'ADMIN', 'OPER'], s.ports.map((p) => [p.name, p.kind, `${p.peer ?? '-'}${p.portChannel === undefined ? '' : ` in ${p.portChannel}`}`, p.admin, p.oper]));
  return [head, '', ...vpcs, '', 'BGP sessions', ...sessionRows(s.sessions, false), '', ...ports, '', `MACs: ${s.macsLocal} local, ${s.macsRemote} remote`, '', ...problems(s.problems)];
}

function connectionLines(c: ConnectionInspection): string[] {
  const head = `Connection ${c.connection}${c.server === undefined ? '' : ` (server ${c.server})`}`;
  const links = table(['SWITCH', 'PORT', 'PEER', 'ADMIN', 'OPER'], c.links.map((l) => [l.switch, `${l.name}${l.portChannel === undefined ? '' : ` in ${l.portChannel}`}`, l.peer ?? '-', l.admin, l.oper]));
  const attachments = table(['VPC', 'SUBNET', 'SWITCH', 'INTERFACE', 'VLAN', 'VNI', 'VNI STATE'], c.attachments.map((a) => [a.vpc, a.subnet, a.switch, a.interface, String(a.vlan), a.vni === undefined ? '-' : String(a.vni), a.vniState ?? '-']));
  const macs = table(['MAC', 'SWITCH', 'PORT', 'SUBNET', 'ALSO SEEN ON'], c.macs.map((m) => [m.mac, m.switch, m.port ?? '-', m.subnet ?? '-', m.seenOn.length === 0 ? '-' : m.seenOn.join(', ')]));
  return [head, ...links, '', ...attachments, '', ...macs];
}

function server(s: ServerInspection): string[] {
  return [`Server ${s.server}: ${s.connections.length} ${s.connections.length === 1 ? 'connection' : 'connections'}`, ...s.connections.flatMap((c) => ['', ...connectionLines(c)]), '', ...problems(s.problems)];
}

export function formatInspection(i: Inspection): string {
  switch (i.kind) {
    case 'vpc':
      return `${vpc(i).join('\n')}\n`;
    case 'switch':
      return `${switchView(i).join('\n')}\n`;
    case 'connection':
      return `${[...connectionLines(i), '', ...problems(i.problems)].join('\n')}\n`;
    case 'server':
      return `${server(i).join('\n')}\n`;
  }
}
