/** Human-readable `weft explain` output. */
import type { ConnectionExplanation, SwitchExplanation, VpcExplanation } from '#compiler';

function vlanList(vlans: Readonly<Record<string, number>>): string {
  const entries = Object.entries(vlans);
  if (entries.length === 0) return 'none (no attachment)';
  const values = new Set(entries.map(([, v]) => v));
  if (values.size === 1) return `${entries[0]?.[1] ?? ''} on ${entries.map(([s]) => s).join(', ')}`;
  return entries.map(([s, v]) => `${s}=${v}`).join(', ');
}

export function formatVpcExplanation(e: VpcExplanation): string {
  const lines: string[] = [];
  lines.push(`VPC ${e.vpc} (tenant ${e.tenant})`);
  lines.push(`  policy: FabricPolicy ${e.policy}`);
  for (const t of e.trace) lines.push(`    ${t}`);
  if (e.isolation !== undefined) lines.push(`  isolation: ${e.isolation} (rule ${e.rule ?? '?'})`);
  if (e.vrf !== undefined) {
    const l3 = e.vrf.l3vni === undefined ? '' : `, L3VNI ${e.vrf.l3vni}, route target ${e.vrf.routeTarget ?? ''}`;
    lines.push(`  vrf: ${e.vrf.name} (id ${e.vrf.id}, table ${e.vrf.table}${l3})`);
  }
  if (Object.keys(e.transitVlans).length > 0) lines.push(`  L3VNI transit VLAN: ${vlanList(e.transitVlans)}`);
  if (e.gatewaySwitch !== undefined) lines.push(`  gateway switch: ${e.gatewaySwitch}`);
  lines.push('  subnets:');
  for (const s of e.subnets) {
    const vni = s.vni === undefined ? '' : `, VNI ${s.vni} (route target ${s.routeTarget ?? ''})`;
    lines.push(`    ${s.name}: ${s.cidr}, gateway ${s.gateway}${vni}, VLAN ${vlanList(s.vlans)}`);
    if (s.dhcp !== undefined) lines.push(`      DHCP: ${s.dhcp}`);
  }
  lines.push(`  attachments: ${e.attachments.length === 0 ? 'none' : ''}`);
  for (const a of e.attachments) lines.push(`    ${a.key}: ${a.subnet} on ${a.switch} ${a.ports.join('+')} via ${a.connection} (${a.tagging})`);
  if (e.peerings.length > 0) lines.push('  peerings:', ...e.peerings.map((p) => `    ${p}`));
  if (e.externalPeerings.length > 0) lines.push('  external peerings:', ...e.externalPeerings.map((p) => `    ${p}`));
  if (e.inside.length > 0) lines.push('  inside the VPC:', ...e.inside.map((p) => `    ${p}`));
  if (e.multihoming.length > 0) lines.push('  multi-homing:', ...e.multihoming.map((p) => `    ${p}`));
  lines.push(`  switches: ${e.switches.length === 0 ? 'none' : e.switches.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function formatSwitchExplanation(e: SwitchExplanation): string {
  const lines: string[] = [];
  lines.push(`Switch ${e.switch} (${e.role}, ${e.os}): AS ${e.asn}, router id ${e.routerId}`);
  lines.push('  ports:', ...e.ports.map((p) => `    ${p}`));
  if (e.vlans.length > 0) lines.push('  VLANs:', ...e.vlans.map((v) => `    ${v}`));
  if (e.vrfs.length > 0) lines.push('  VRFs:', ...e.vrfs.map((v) => `    ${v}`));
  if (e.portChannels.length > 0) lines.push('  PortChannels:', ...e.portChannels.map((p) => `    ${p}`));
  lines.push('  BGP neighbours:', ...e.neighbors.map((n) => `    ${n}`));
  if (e.templates.length > 0) {
    lines.push('  ConfigTemplates:');
    for (const t of e.templates) lines.push(`    ${t.template} (${t.target}): ${t.selected ? 'applies' : 'does not apply'}: ${t.reason}`);
  }
  lines.push(`  files: ${e.files.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function formatConnectionExplanation(e: ConnectionExplanation): string {
  const lines = [`Connection ${e.connection} (${e.type}${e.server === undefined ? '' : `, server ${e.server}`}): ${e.switches.length === 0 ? 'no switch' : e.switches.join(', ')}`];
  lines.push(...e.lines.map((l) => `  ${l}`));
  lines.push(`  attachments: ${e.attachments.length === 0 ? 'none' : ''}`, ...e.attachments.map((a) => `    ${a}`));
  return `${lines.join('\n')}\n`;
}
