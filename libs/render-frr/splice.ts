/**
 * frr.conf of a switch rebuilt by a recompile, from its earlier parts. When only VRFs and L2VNIs
 * differ from the earlier DeviceIntent, their kept stanzas are spliced into the earlier sorted
 * lists instead of sorting and joining the switch's every VRF and L2VNI again. The result is
 * byte for byte `renderFrrConf(device)`; anything a splice cannot prove the same (templates,
 * a leak between VRFs that comes or goes, a tie in the sort, an error) renders in full.
 */
import { changedItems, compareNatural, sortedValue, spliceSorted, withoutTies, type BgpIntent, type DeviceIntent, type VrfIntent } from '#domain';
import { frrParts, frrTextOf, l2VniText, vrfNeedsBgp, vrfStanzas, type FrrParts, type VrfPart } from './render.js';

/** The parts of each device rendered here that a later render may be spliced from. */
const renderings = new WeakMap<DeviceIntent, FrrParts>();

/**
 * What a splice changed: the VRFs that went or came (a name in both was made anew) with their
 * parts before and after, the L2VNIs likewise, and the parts on both sides. Every other stanza
 * of the file is the very same text.
 */
export interface SplicedStanzas {
  readonly before: FrrParts;
  readonly after: FrrParts;
  readonly vrfs: ReadonlyMap<string, { readonly before?: VrfPart; readonly after?: VrfPart }>;
  readonly l2vnis: ReadonlyMap<number, { readonly before?: string; readonly after?: string }>;
}

/** Each spliced rendering's change, by the DeviceIntent it was spliced for. */
const splicedStanzas = new WeakMap<DeviceIntent, { readonly previous: WeakRef<DeviceIntent>; readonly stanzas: SplicedStanzas }>();

/**
 * The stanzas that differ between the frr.conf of `previous` and that of `device`, when the
 * latter was spliced from the former: no text is read. Undefined when it was rendered in full.
 */
export function splicedFrrStanzas(device: DeviceIntent, previous: DeviceIntent): SplicedStanzas | undefined {
  const record = splicedStanzas.get(device);
  // by a weak reference: a device must not keep every device it was spliced from alive
  return record?.previous.deref() === previous ? record.stanzas : undefined;
}

/**
 * Device fields frr.conf does not read, or reads from the spliced lists. Every other field must
 * be the same object or value for a splice; of the BGP intent, every field but the L2VNIs.
 */
const NOT_READ = new Set(['vlans', 'vrfs', 'bgp', 'vtep', 'anycastGatewayMac', 'acls', 'mac', 'role', 'mtu']);

const byVni = (a: number, b: number): number => a - b;

/**
 * The frr.conf of `device`; `previous` is the DeviceIntent the switch had before (from the
 * earlier compile), whose parts the text may be spliced from.
 */
export function frrConfText(device: DeviceIntent, previous?: DeviceIntent): string {
  const spliced = previous === undefined ? undefined : spliceFrrConf(device, previous);
  if (spliced !== undefined) return spliced;
  const { parts, templates } = frrParts(device);
  if (templates.length === 0 && withoutTies(parts.vrfs.keys, compareNatural) && withoutTies(parts.l2vnis.keys, byVni)) {
    renderings.set(device, parts);
  }
  return frrTextOf(parts, templates);
}

/**
 * The frr.conf of `device` spliced from the parts of `previous` (rendered here before), or
 * undefined when that cannot be done (then frrConfText renders it in full).
 */
export function spliceFrrConf(device: DeviceIntent, previous: DeviceIntent): string | undefined {
  const before = renderings.get(previous);
  const spliced = before === undefined ? undefined : splice(previous, before, device);
  if (spliced === undefined) return undefined;
  renderings.set(device, spliced.parts);
  splicedStanzas.set(device, { previous: new WeakRef(previous), stanzas: spliced.stanzas });
  return frrTextOf(spliced.parts);
}

function sameBgp(a: BgpIntent, b: BgpIntent): boolean {
  if (!a.evpn || !b.evpn) return false;
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof BgpIntent>;
  for (const field of fields) {
    if (field === 'l2vnis' || a[field] === b[field]) continue;
    if (field === 'networks' && a.networks.length === b.networks.length && a.networks.every((network, i) => network === b.networks[i])) continue;
    return false;
  }
  return true;
}

/** ConfigTemplates for frr.conf (those for CONFIG_DB or VyOS do not touch it). */
const hasFrrTemplates = (device: DeviceIntent): boolean => device.templates.some((template) => template.target === 'frr');

function sameRouter(a: DeviceIntent, b: DeviceIntent): boolean {
  if (hasFrrTemplates(a) || hasFrrTemplates(b) || !sameBgp(a.bgp, b.bgp)) return false;
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof DeviceIntent>;
  for (const field of fields) if (!NOT_READ.has(field) && field !== 'templates' && a[field] !== b[field]) return false;
  return true;
}

/** The leaks of the VRFs that have any, by VRF name and value, in a fixed order. */
function leakSignature(vrfs: readonly VrfIntent[]): string {
  return vrfs
    .filter((vrf) => vrf.leaks.length > 0)
    .map((vrf) => `${vrf.name}\u0000${JSON.stringify(vrf.leaks)}`)
    .sort(compareNatural)
    .join('\u0001');
}

/**
 * Whether the leaks between VRFs are the same: the VRFs that go leak exactly what those that
 * come leak (a recompile makes the VRFs of peered VPCs anew, equal), and no VRF leaks from one
 * that goes and does not come back. A leak makes its source VRF get a BGP instance, and is
 * checked against the device's VRFs; with the same leaks, the VRFs kept keep their stanzas, the
 * earlier render's checks hold, and a new VRF's instance is decided against the device's VRFs.
 */
function sameLeaks(change: { readonly gone: readonly VrfIntent[]; readonly added: readonly VrfIntent[] }, vrfs: readonly VrfIntent[]): boolean {
  if ((change.gone.some((vrf) => vrf.leaks.length > 0) || change.added.some((vrf) => vrf.leaks.length > 0)) && leakSignature(change.gone) !== leakSignature(change.added)) return false;
  const gone = new Set(change.gone.map((vrf) => vrf.name));
  for (const vrf of change.added) gone.delete(vrf.name);
  if (gone.size === 0) return true;
  return !vrfs.some((vrf) => vrf.leaks.some((leak) => gone.has(leak.fromVrf)));
}

function splice(previous: DeviceIntent, before: FrrParts, device: DeviceIntent): { parts: FrrParts; stanzas: SplicedStanzas } | undefined {
  if (!sameRouter(previous, device)) return undefined;
  const vrfChange = changedItems(previous.vrfs, device.vrfs);
  if (!sameLeaks(vrfChange, device.vrfs)) return undefined;
  const l2vniChange = changedItems(previous.bgp.l2vnis, device.bgp.l2vnis);
  try {
    const addedVrfs = vrfChange.added.map((vrf) => [vrf.name, { stanzas: vrfStanzas(device.bgp, vrf), bgp: vrfNeedsBgp(vrf, device.vrfs) }] as const);
    const addedL2vnis = l2vniChange.added.map((l2vni) => [l2vni.vni, l2VniText(l2vni)] as const);
    const vrfs = spliceSorted(before.vrfs, vrfChange.gone.map((vrf) => vrf.name), addedVrfs, compareNatural);
    const l2vnis = spliceSorted(before.l2vnis, l2vniChange.gone.map((l2vni) => l2vni.vni), addedL2vnis, byVni);
    if (vrfs === undefined || l2vnis === undefined) return undefined;
    const parts = { ...before, vrfs, l2vnis };
    const vrfStanzaChange = new Map<string, { before?: VrfPart; after?: VrfPart }>();
    for (const vrf of vrfChange.gone) {
      const part = sortedValue(before.vrfs, vrf.name, compareNatural);
      if (part !== undefined) vrfStanzaChange.set(vrf.name, { before: part });
    }
    for (const [name, part] of addedVrfs) vrfStanzaChange.set(name, { ...vrfStanzaChange.get(name), after: part });
    const l2vniStanzaChange = new Map<number, { before?: string; after?: string }>();
    for (const l2vni of l2vniChange.gone) {
      const text = sortedValue(before.l2vnis, l2vni.vni, byVni);
      if (text !== undefined) l2vniStanzaChange.set(l2vni.vni, { before: text });
    }
    for (const [vni, text] of addedL2vnis) l2vniStanzaChange.set(vni, { ...l2vniStanzaChange.get(vni), after: text });
    return { parts, stanzas: { before, after: parts, vrfs: vrfStanzaChange, l2vnis: l2vniStanzaChange } };
  } catch {
    // a new stanza the renderer refuses: the full render reports it as it always does
    return undefined;
  }
}
