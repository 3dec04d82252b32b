/**
 * The Linux devices an FRR node needs for its frr.conf, as a real FRR box has them: a VRF device
 * per `vrf NAME`, and per L3VNI (`vrf NAME / vni N`) a bridge in that VRF with a VXLAN port
 * sourced from the VTEP address (the `lo` /32, else the router-id); `interface IF vrf NAME` puts
 * the port in the VRF. Names: `brN`, `vxlanN`; VRF `VrfN` uses routing table 1000+N.
 */

export interface NodeVrf {
  readonly name: string;
  readonly table: number;
}

export interface NodeVni {
  readonly vni: number;
  readonly vrf: string;
  readonly bridge: string;
  readonly vxlan: string;
  /** the VTEP source address */
  readonly local: string;
}

export interface NodeMember {
  readonly interface: string;
  readonly vrf: string;
}

export interface NodeDevices {
  readonly vrfs: readonly NodeVrf[];
  readonly vnis: readonly NodeVni[];
  readonly members: readonly NodeMember[];
  /** the interfaces the config names (the node's ports), `lo` left out */
  readonly ports: readonly string[];
}

export class NodeDevicesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NodeDevicesError';
  }
}

const TABLE_BASE = 1000;

export function vrfTable(name: string): number {
  const number = /^Vrf(\d{1,6})$/.exec(name)?.[1];
  if (number === undefined) throw new NodeDevicesError(`frr.conf: vrf ${name}: cannot choose its routing table (Weft names VRFs VrfN, table ${TABLE_BASE}+N)`);
  return TABLE_BASE + Number(number);
}

interface Block {
  readonly header: string;
  readonly body: readonly string[];
}

/** Top-level blocks: a non-indented line and the indented lines under it. */
function blocks(config: string): Block[] {
  const out: { header: string; body: string[] }[] = [];
  for (const raw of config.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line === '' || line.startsWith('!') || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) out.push({ header: line, body: [] });
    else out.at(-1)?.body.push(line.trim());
  }
  return out;
}

function vtepAddress(all: readonly Block[]): string | undefined {
  const lo = all.find((b) => b.header === 'interface lo');
  const address = lo?.body.map((l) => /^ip address (\d+\.\d+\.\d+\.\d+)\/32$/.exec(l)?.[1]).find((a) => a !== undefined);
  if (address !== undefined) return address;
  const bgp = all.find((b) => /^router bgp \d+$/.test(b.header));
  return bgp?.body.map((l) => /^bgp router-id (\S+)$/.exec(l)?.[1]).find((a) => a !== undefined);
}

export function nodeDevices(config: string): NodeDevices {
  const all = blocks(config);
  const vrfs: NodeVrf[] = [];
  const vnis: NodeVni[] = [];
  const members: NodeMember[] = [];
  const ports: string[] = [];
  const local = vtepAddress(all);
  for (const block of all) {
    const vrf = /^vrf (\S+)$/.exec(block.header)?.[1];
    if (vrf !== undefined) {
      vrfs.push({ name: vrf, table: vrfTable(vrf) });
      const vni = block.body.map((l) => /^vni (\d+)$/.exec(l)?.[1]).find((v) => v !== undefined);
      if (vni !== undefined) {
        if (local === undefined) throw new NodeDevicesError(`frr.conf: vrf ${vrf} has vni ${vni} but the config has no VTEP address (interface lo ip address X/32, or bgp router-id)`);
        vnis.push({ vni: Number(vni), vrf, bridge: `br${vni}`, vxlan: `vxlan${vni}`, local });
      }
      continue;
    }
    const iface = /^interface (\S+)(?: vrf (\S+))?$/.exec(block.header);
    if (iface?.[1] !== undefined && iface[1] !== 'lo') {
      ports.push(iface[1]);
      if (iface[2] !== undefined) members.push({ interface: iface[1], vrf: iface[2] });
    }
  }
  for (const m of members) {
    if (!vrfs.some((v) => v.name === m.vrf)) vrfs.push({ name: m.vrf, table: vrfTable(m.vrf) });
  }
  return { vrfs, vnis, members, ports };
}
