/**
 * zebra's EVPN state read into the Agent's status: the VNIs the device terminates (`show evpn
 * vni detail json`) and the MACs learnt in its L2VNIs (`show evpn mac vni all json`). Read as
 * defensively as observe.ts: a field that cannot be read is left out, never guessed. The MAC
 * list is bounded (a leaf can know tens of thousands): local MACs first, since they say which
 * server sits behind which port of this switch, then remote ones; what is left out is counted.
 */
import { count, isObject, listOf, text, type Json } from './json-fields.js';

export interface LocalVni {
  readonly vni: number;
  /** `L2` | `L3` */
  readonly type: string;
  readonly vrf?: string;
  /** L3: zebra's own state; L2 (zebra prints none): its VXLAN device's operational state, `Up` or `Down`; `Unknown` when neither is known */
  readonly state: string;
  readonly vxlanInterface?: string;
  readonly sviInterface?: string;
  readonly localVtep?: string;
  readonly remoteVteps?: readonly string[];
  readonly macs?: number;
}

export interface EvpnMac {
  readonly mac: string;
  readonly vni: number;
  /** `local` | `remote` */
  readonly type: string;
  readonly interface?: string;
  readonly remoteVtep?: string;
}

export interface EvpnMacs {
  readonly macs: readonly EvpnMac[];
  /** MACs left out to stay within the limit */
  readonly omitted: number;
}


function vtepList(vni: Json): string[] | undefined {
  const list = Array.isArray(vni.remoteVteps) ? vni.remoteVteps : Array.isArray(vni.numRemoteVteps) ? vni.numRemoteVteps : undefined;
  if (list === undefined) return undefined;
  return list.flatMap((v: unknown) => {
    const ip = isObject(v) ? text(v.ip) : text(v);
    return ip === undefined ? [] : [ip];
  });
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** One VNI of `show evpn vni detail json` (FRR 8.x and later: L2 and L3 entries differ in their names). */
function localVni(entry: Json, operOf: (name: string) => string | undefined): LocalVni | undefined {
  const vni = count(entry.vni);
  const type = text(entry.type);
  if (vni === undefined || type === undefined) return undefined;
  const vxlanInterface = text(entry.vxlanInterface) ?? text(entry.vxlanIntf) ?? text(entry.vxlanIf);
  const oper = vxlanInterface === undefined ? undefined : operOf(vxlanInterface);
  const state = text(entry.state) ?? (oper === undefined ? 'Unknown' : oper === 'up' ? 'Up' : 'Down');
  const remoteVteps = vtepList(entry);
  return {
    vni,
    type,
    ...optional('vrf', text(entry.vrf) ?? text(entry.tenantVrf)),
    state,
    ...optional('vxlanInterface', vxlanInterface),
    ...optional('sviInterface', text(entry.sviInterface) ?? text(entry.sviIntf)),
    ...optional('localVtep', text(entry.vtepIp) ?? text(entry.localVtepIp)),
    ...optional('remoteVteps', remoteVteps?.sort()),
    ...optional('macs', count(entry.numMacs)),
  };
}

/**
 * The VNIs this device terminates, by number. `interfaces` is `show interface vrf all json`,
 * for the state of the L2VNIs' VXLAN devices.
 */
export function localVnisFrom(detail: unknown, interfaces?: unknown): LocalVni[] {
  const operOf = (name: string): string | undefined => {
    const info = isObject(interfaces) ? interfaces[name] : undefined;
    return isObject(info) ? text(info.operationalStatus) : undefined;
  };
  return listOf(detail)
    .flatMap((entry) => {
      const vni = isObject(entry) ? localVni(entry, operOf) : undefined;
      return vni === undefined ? [] : [vni];
    })
    .sort((a, b) => a.vni - b.vni);
}

/** The MACs of every L2VNI, local ones first, at most `limit`. */
export function evpnMacsFrom(byVni: unknown, limit: number): EvpnMacs {
  const all: EvpnMac[] = [];
  if (isObject(byVni)) {
    for (const [key, table] of Object.entries(byVni)) {
      const vni = Number(key);
      if (!Number.isInteger(vni) || !isObject(table) || !isObject(table.macs)) continue;
      for (const [mac, info] of Object.entries(table.macs)) {
        if (!isObject(info)) continue;
        const type = text(info.type) ?? 'unknown';
        all.push({ mac, vni, type, ...optional('interface', text(info.intf)), ...optional('remoteVtep', text(info.remoteVtep)) });
      }
    }
  }
  const rank = (m: EvpnMac): number => (m.type === 'local' ? 0 : 1);
  all.sort((a, b) => rank(a) - rank(b) || a.vni - b.vni || (a.mac < b.mac ? -1 : a.mac > b.mac ? 1 : 0));
  const kept = all.slice(0, Math.max(0, limit));
  return { macs: kept, omitted: all.length - kept.length };
}
