/**
 * The operations that take one switch's Linux devices from what is there to what CONFIG_DB asks
 * for: create before use (namespaces, bridges, then ports and addresses), delete after nothing
 * needs it (a VRF's devices go once its ports have moved out; its namespace stays, empty). The shim runs them, looks again,
 * and repeats until there is nothing left to do, so a half-done round converges on the next.
 */
import type { DesiredLink, DesiredState, ObservedLink, ObservedState, ShimOp } from './shim-model.js';

/** The shim's leak links (`lk-<VRF>`, libs/lab/leaks.ts) come and go with the leaked routes, not with CONFIG_DB. */
const isLeakLink = (name: string): boolean => name.startsWith('lk-');

/** Devices the shim made and may delete: a VLAN's bridge, or vxlanmgrd-style `<tunnel>-<vlanid>`. */
function shimOwned(link: ObservedLink): boolean {
  if (link.kind === 'bridge') return /^Vlan[0-9]+$/.test(link.name);
  if (link.kind === 'vxlan') return /^[A-Za-z0-9_]+-[0-9]+$/.test(link.name);
  return false;
}

/** What linkSet and the addresses compare: the device as observed, or as just created or moved. */
type LinkNow = Pick<ObservedLink, 'up' | 'mtu' | 'addresses'> & Partial<Pick<ObservedLink, 'mac' | 'master' | 'learning'>>;

/** What a link looks like right after the kernel created or moved it: down, in no bridge, with no addresses. */
function fresh(mtu: number): LinkNow {
  return { up: false, mtu, addresses: [] };
}

/** Whether the device in place is the one asked for: a bridge, or a VXLAN with the same VNI and source. */
function isSame(d: DesiredLink, here: ObservedLink): boolean {
  if (d.kind === 'bridge') return here.kind === 'bridge';
  // only a VXLAN device has VXLAN details (shim-observed.ts)
  // Stryker disable next-line OptionalChaining: equivalent, desiredState gives every vxlan link its vxlan
  const want = `${d.vxlan?.vni}|${d.vxlan?.local}`;
  return here.vxlan !== undefined && `${here.vxlan.vni}|${here.vxlan.local}` === want;
}

function linkSet(d: DesiredLink, current: LinkNow): ShimOp | undefined {
  const op: { -readonly [K in keyof Extract<ShimOp, { op: 'link-set' }>]: Extract<ShimOp, { op: 'link-set' }>[K] } = { op: 'link-set', netns: d.netns, name: d.name };
  let changed = false;
  if (d.mtu !== undefined && d.mtu !== current.mtu) {
    op.mtu = d.mtu;
    changed = true;
  }
  if (d.mac !== undefined && d.mac !== current.mac) {
    op.mac = d.mac;
    changed = true;
  }
  if ((d.master ?? null) !== (current.master ?? null)) {
    op.master = d.master ?? null;
    changed = true;
  }
  // a vxlan port must not learn: EVPN gives its MACs (FRR installs them)
  const learning = d.kind === 'vxlan' ? false : undefined;
  if (learning !== undefined && d.master !== undefined && (current.learning !== learning || op.master !== undefined)) {
    op.learning = learning;
    changed = true;
  }
  if (d.up !== current.up) {
    op.up = d.up;
    changed = true;
  }
  return changed ? op : undefined;
}

function addressOps(netns: string, name: string, want: readonly string[], have: readonly string[]): ShimOp[] {
  return [
    ...have.filter((a) => !want.includes(a)).map((address): ShimOp => ({ op: 'addr-del', netns, name, address })),
    ...want.filter((a) => !have.includes(a)).map((address): ShimOp => ({ op: 'addr-add', netns, name, address })),
  ];
}

export function planShim(desired: DesiredState, observed: ObservedState, underlay: string): ShimOp[] {
  const vrfAdds: ShimOp[] = [];
  const moves: ShimOp[] = [];
  const deletes: Extract<ShimOp, { op: 'link-del' }>[] = [];
  const creates: ShimOp[] = [];
  const sets: ShimOp[] = [];
  const addresses: ShimOp[] = [];
  const vrfDeletes: ShimOp[] = [];
  const acls: ShimOp[] = [];
  const haveVrf = new Set(observed.vrfs.map((v) => v.netns));
  const wantVrf = new Set(desired.vrfs.map((v) => v.netns));
  for (const vrf of desired.vrfs) if (!haveVrf.has(vrf.netns)) vrfAdds.push({ op: 'vrf-add', vrf: vrf.vrf, netns: vrf.netns });
  const byName = new Map<string, ObservedLink[]>();
  for (const link of observed.links) byName.set(link.name, [...(byName.get(link.name) ?? []), link]);
  const wanted = new Set(desired.links.map((d) => `${d.netns}|${d.name}`));
  for (const d of desired.links) {
    const found = byName.get(d.name) ?? [];
    const here = found.find((o) => o.netns === d.netns);
    let current: LinkNow | undefined = here;
    if (d.kind === 'port' || d.kind === 'sublink') {
      const elsewhere = found[0];
      if (here === undefined && elsewhere !== undefined) {
        moves.push({ op: 'link-move', name: d.name, from: elsewhere.netns, to: d.netns });
        current = fresh(elsewhere.mtu);
      }
      // a port that is missing altogether, or a sub-link not made yet, waits for the topology
    } else {
      const matches = here !== undefined && isSame(d, here);
      // a bridge or VXLAN name is the switch's own: one elsewhere, or one in place that does not
      // match (another VNI or source), goes, to be made again
      for (const o of found) {
        if ((o !== here || !matches) && shimOwned(o)) deletes.push({ op: 'link-del', netns: o.netns, name: o.name });
      }
      if (!matches) {
        if (d.vxlan !== undefined) creates.push({ op: 'vxlan-add', underlay, netns: d.netns, name: d.name, vni: d.vxlan.vni, local: d.vxlan.local });
        else creates.push({ op: 'bridge-add', netns: d.netns, name: d.name });
        current = fresh(1500);
      }
    }
    if (current === undefined) continue;
    const set = linkSet(d, current);
    if (set !== undefined) sets.push(set);
    if (d.kind === 'port' || d.kind === 'bridge') addresses.push(...addressOps(d.netns, d.name, d.addresses, current.addresses));
  }
  // leftovers of VLANs and maps that are gone (those in a VRF namespace that goes go with it)
  const scheduled = new Set(deletes.map((x) => `${x.netns}|${x.name}`));
  for (const o of observed.links) {
    const id = `${o.netns}|${o.name}`;
    if (!shimOwned(o) || wanted.has(id) || scheduled.has(id)) continue;
    if (o.netns === underlay || wantVrf.has(o.netns)) deletes.push({ op: 'link-del', netns: o.netns, name: o.name });
  }
  addresses.push(...addressOps(underlay, 'lo', desired.loopback, observed.loopback));
  // a VRF that goes is emptied, and its namespace stays bound for zebra (FRR 8.4 aborts when a
  // namespace it used disappears): one with nothing of the shim's left in it needs nothing more
  const emptied = (netns: string): boolean => !observed.links.some((l) => l.netns === netns && !isLeakLink(l.name));
  if (desired.unconfigured !== true) for (const vrf of observed.vrfs) if (!wantVrf.has(vrf.netns) && !emptied(vrf.netns)) vrfDeletes.push({ op: 'vrf-del', vrf: vrf.vrf, netns: vrf.netns });
  for (const [netns, ruleset] of desired.acls) if (observed.acls.get(netns) !== ruleset) acls.push({ op: 'acl-set', netns, ruleset });
  for (const netns of observed.acls.keys()) {
    if (!desired.acls.has(netns) && (netns === underlay || wantVrf.has(netns))) acls.push({ op: 'acl-del', netns });
  }
  return [...vrfAdds, ...moves, ...deletes, ...creates, ...sets, ...addresses, ...vrfDeletes, ...acls];
}
