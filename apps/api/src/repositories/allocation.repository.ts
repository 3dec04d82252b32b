/**
 * Allocations in PostgreSQL: one table per kind of number, with unique constraints (the
 * entities in database/entities/allocation.entities.ts), written as the difference between two
 * allocation documents. Only entries that changed (by identity, as the compiler keeps untouched
 * entries) are compared, so a write costs what it changes: a few `unnest` statements. After a
 * recompile the compiler names the VPCs it may have changed (vpcAllocationChanges): the others
 * are not even looked at.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Allocations, QuarantineEntry, SwitchAllocation, VpcAllocation } from '#allocator';
import { emptyAllocations } from '#allocator';
import type { IsolationMethod } from '#api';
import { vpcAllocationChanges, type VpcAllocationChange } from '#compiler';
import { execute, selectRows } from './sql.js';

@Injectable()
export class AllocationRepository {
  /** Writes what changed between two allocations; a constraint violation aborts the transaction. */
  write(manager: EntityManager, before: Allocations, after: Allocations): Promise<void> {
    return writeAllocations(manager, before, after);
  }

  read(manager: EntityManager): Promise<Allocations> {
    return readAllocations(manager);
  }

  /** Releases the quarantined VNIs freed at or before allocation generation `floor`. */
  async releaseQuarantine(manager: EntityManager, floor: number): Promise<void> {
    await execute(manager, 'DELETE FROM vni_quarantine WHERE since <= $1', [floor]);
  }

  async readQuarantine(manager: EntityManager): Promise<QuarantineEntry[]> {
    const rows = await selectRows<{ vni: number; owner: string; since: string }>(manager, 'SELECT vni, owner, since FROM vni_quarantine ORDER BY vni');
    return rows.map((r) => ({ pool: 'vni', value: r.vni, owner: r.owner, since: Number(r.since) }));
  }
}

/** A statement on the transaction's connection. */
type Queryable = EntityManager;
const run = (db: Queryable, sql: string, values: unknown[]): Promise<void> => execute(db, sql, values);
async function select<T>(db: Queryable, sql: string): Promise<T[]> {
  return selectRows<T>(db, sql);
}

interface Rows {
  vniDelete: string[];
  vniInsert: [number, string][];
  vrfDelete: string[];
  vrfInsert: [number, string, string | null][];
  vlanSwitchDelete: string[];
  /** (switch, owner) */
  vlanOwnerDelete: [string, string][];
  vlanInsert: [string, number, string][];
  switchDelete: string[];
  switchUpsert: [string, number, string, string][];
  linkDelete: string[];
  linkUpsert: [string, string][];
}

function vpcVnis(key: string, alloc: VpcAllocation): [number, string][] {
  const out: [number, string][] = [];
  if (alloc.vni !== undefined) out.push([alloc.vni, key]);
  for (const [name, s] of Object.entries(alloc.subnets)) if (s.vni !== undefined) out.push([s.vni, `${key}/${name}`]);
  return out;
}

/** Every VPC of either side, each with its entry on both: the comparison when the compiler cannot say which changed. */
function everyVpc(before: Allocations, after: Allocations): VpcAllocationChange[] {
  const keys = new Set([...Object.keys(before.vpcs), ...Object.keys(after.vpcs)]);
  return [...keys].map((key) => {
    const a = before.vpcs[key];
    const b = after.vpcs[key];
    return { key, ...(a === undefined ? {} : { before: a }), ...(b === undefined ? {} : { after: b }) };
  });
}

function diff(before: Allocations, after: Allocations): Rows {
  const rows: Rows = { vniDelete: [], vniInsert: [], vrfDelete: [], vrfInsert: [], vlanSwitchDelete: [], vlanOwnerDelete: [], vlanInsert: [], switchDelete: [], switchUpsert: [], linkDelete: [], linkUpsert: [] };
  for (const { key, before: a, after: b } of vpcAllocationChanges(before, after) ?? everyVpc(before, after)) {
    if (a === b) continue;
    if (a !== undefined) {
      rows.vniDelete.push(...vpcVnis(key, a).map(([, owner]) => owner));
      rows.vrfDelete.push(key);
    }
    if (b !== undefined) {
      rows.vniInsert.push(...vpcVnis(key, b));
      rows.vrfInsert.push([b.vrf, key, b.isolation]);
    }
  }
  const externalKeys = new Set([...Object.keys(before.externals), ...Object.keys(after.externals)]);
  for (const key of externalKeys) {
    const a = before.externals[key];
    const b = after.externals[key];
    // the compiler builds external allocations afresh on every compile: compare the numbers
    if (a === b || (a !== undefined && b !== undefined && a.vrf === b.vrf && a.vni === b.vni)) continue;
    const owner = `external:${key}`;
    if (a !== undefined) {
      rows.vniDelete.push(owner);
      rows.vrfDelete.push(owner);
    }
    if (b !== undefined) {
      rows.vniInsert.push([b.vni, owner]);
      rows.vrfInsert.push([b.vrf, owner, null]);
    }
  }
  const switches = new Set([...Object.keys(before.switches), ...Object.keys(after.switches)]);
  for (const sw of switches) {
    const a = before.switches[sw];
    const b = after.switches[sw];
    if (a === b) continue;
    // a leaf's numbers stay when only its VLANs change (every attachment): its row is not written again
    const numbersSame = a !== undefined && b !== undefined && a.asn === b.asn && a.loopback === b.loopback && JSON.stringify(a.portChannels) === JSON.stringify(b.portChannels);
    if (a !== undefined && !numbersSame) rows.switchDelete.push(sw);
    if (b !== undefined && !numbersSame) rows.switchUpsert.push([sw, b.asn, b.loopback, JSON.stringify(b.portChannels)]);
    if (a === undefined || b === undefined) {
      rows.vlanSwitchDelete.push(sw);
      for (const [owner, vlan] of Object.entries(b?.vlans ?? {})) rows.vlanInsert.push([sw, vlan, owner]);
      continue;
    }
    // a rebuilt leaf keeps most of its VLANs: only the owners whose VLAN changed are written
    if (a.vlans === b.vlans) continue;
    for (const [owner, vlan] of Object.entries(a.vlans)) if (b.vlans[owner] !== vlan) rows.vlanOwnerDelete.push([sw, owner]);
    for (const [owner, vlan] of Object.entries(b.vlans)) if (a.vlans[owner] !== vlan) rows.vlanInsert.push([sw, vlan, owner]);
  }
  if (before.links !== after.links) {
    for (const c of Object.keys(before.links)) if (after.links[c] === undefined) rows.linkDelete.push(c);
    for (const [c, prefix] of Object.entries(after.links)) if (before.links[c] !== prefix) rows.linkUpsert.push([c, prefix]);
  }
  return rows;
}

async function writeAllocations(db: Queryable, before: Allocations, after: Allocations): Promise<void> {
  const rows = diff(before, after);
  if (rows.vniDelete.length > 0) await run(db, 'DELETE FROM vni_owners WHERE owner = ANY($1::text[])', [rows.vniDelete]);
  if (rows.vrfDelete.length > 0) await run(db, 'DELETE FROM vrf_owners WHERE owner = ANY($1::text[])', [rows.vrfDelete]);
  if (rows.vlanSwitchDelete.length > 0) await run(db, 'DELETE FROM vlan_owners WHERE switch = ANY($1::text[])', [rows.vlanSwitchDelete]);
  if (rows.vlanOwnerDelete.length > 0) {
    await run(db, 'DELETE FROM vlan_owners WHERE (switch, owner) IN (SELECT * FROM unnest($1::text[], $2::text[]))', [rows.vlanOwnerDelete.map((r) => r[0]), rows.vlanOwnerDelete.map((r) => r[1])]);
  }
  if (rows.switchDelete.length > 0) await run(db, 'DELETE FROM switch_numbers WHERE switch = ANY($1::text[])', [rows.switchDelete]);
  if (rows.linkDelete.length > 0) await run(db, 'DELETE FROM link_numbers WHERE connection = ANY($1::text[])', [rows.linkDelete]);
  if (rows.vniInsert.length > 0) {
    await run(db, 'INSERT INTO vni_owners (vni, owner) SELECT * FROM unnest($1::int[], $2::text[])', [rows.vniInsert.map((r) => r[0]), rows.vniInsert.map((r) => r[1])]);
  }
  if (rows.vrfInsert.length > 0) {
    await run(db, 'INSERT INTO vrf_owners (vrf, owner, isolation) SELECT * FROM unnest($1::int[], $2::text[], $3::text[])', [
      rows.vrfInsert.map((r) => r[0]),
      rows.vrfInsert.map((r) => r[1]),
      rows.vrfInsert.map((r) => r[2]),
    ]);
  }
  if (rows.switchUpsert.length > 0) {
    await run(db, 
      `INSERT INTO switch_numbers (switch, asn, loopback, port_channels) SELECT s, a, l, p::jsonb FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) AS t(s, a, l, p)`,
      [rows.switchUpsert.map((r) => r[0]), rows.switchUpsert.map((r) => r[1]), rows.switchUpsert.map((r) => r[2]), rows.switchUpsert.map((r) => r[3])],
    );
  }
  if (rows.vlanInsert.length > 0) {
    await run(db, 'INSERT INTO vlan_owners (switch, vlan, owner) SELECT * FROM unnest($1::text[], $2::int[], $3::text[])', [
      rows.vlanInsert.map((r) => r[0]),
      rows.vlanInsert.map((r) => r[1]),
      rows.vlanInsert.map((r) => r[2]),
    ]);
  }
  if (rows.linkUpsert.length > 0) {
    await run(db, 
      'INSERT INTO link_numbers (connection, prefix) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (connection) DO UPDATE SET prefix = EXCLUDED.prefix',
      [rows.linkUpsert.map((r) => r[0]), rows.linkUpsert.map((r) => r[1])],
    );
  }
  if (before.quarantine !== after.quarantine) await writeQuarantine(db, before.quarantine, after.quarantine);
  if (before.generation !== after.generation) {
    await run(db, 'INSERT INTO allocation_generation (id, generation) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET generation = EXCLUDED.generation', [after.generation]);
  }
}

/**
 * The quarantine changes by a few entries per write, but the compiler hands a new list every
 * time: only entries that differ are deleted and inserted, not the whole table.
 */
async function writeQuarantine(db: Queryable, before: readonly QuarantineEntry[], after: readonly QuarantineEntry[]): Promise<void> {
  const entryKey = (q: QuarantineEntry): string => `${q.value}|${q.owner}|${q.since}`;
  const kept = new Set(before.map(entryKey));
  const wanted = new Set(after.map(entryKey));
  const removed = before.filter((q) => !wanted.has(entryKey(q)));
  const added = after.filter((q) => !kept.has(entryKey(q)));
  if (removed.length > 0) await run(db, 'DELETE FROM vni_quarantine WHERE vni = ANY($1::int[])', [removed.map((q) => q.value)]);
  if (added.length > 0) {
    await run(db, 'INSERT INTO vni_quarantine (vni, owner, since) SELECT * FROM unnest($1::int[], $2::text[], $3::bigint[])', [
      added.map((q) => q.value),
      added.map((q) => q.owner),
      added.map((q) => q.since),
    ]);
  }
}

/** Reads the allocation tables back into an allocations document. */
async function readAllocations(db: Queryable): Promise<Allocations> {
  const generation = (await select<{ generation: string }>(db, 'SELECT generation FROM allocation_generation WHERE id = 1'))[0]?.generation;
  const vnis = await select<{ vni: number; owner: string }>(db, 'SELECT vni, owner FROM vni_owners');
  const vrfs = await select<{ vrf: number; owner: string; isolation: string | null }>(db, 'SELECT vrf, owner, isolation FROM vrf_owners');
  const vlans = await select<{ switch: string; vlan: number; owner: string }>(db, 'SELECT switch, vlan, owner FROM vlan_owners');
  const numbers = await select<{ switch: string; asn: string; loopback: string; port_channels: Record<string, number> }>(db, 'SELECT switch, asn, loopback, port_channels FROM switch_numbers');
  const links = await select<{ connection: string; prefix: string }>(db, 'SELECT connection, prefix FROM link_numbers');
  const quarantine = await select<{ vni: number; owner: string; since: string }>(db, 'SELECT vni, owner, since FROM vni_quarantine ORDER BY vni');
  const vniByOwner = new Map(vnis.map((r) => [r.owner, r.vni]));
  const switches: Record<string, SwitchAllocation> = {};
  const vlansBySwitch = new Map<string, Record<string, number>>();
  for (const r of vlans) {
    const list = vlansBySwitch.get(r.switch) ?? {};
    list[r.owner] = r.vlan;
    vlansBySwitch.set(r.switch, list);
  }
  for (const n of numbers) switches[n.switch] = { asn: Number(n.asn), loopback: n.loopback, portChannels: n.port_channels, vlans: vlansBySwitch.get(n.switch) ?? {} };
  const vpcs: Record<string, VpcAllocation> = {};
  const externals: Record<string, { vrf: number; vni: number }> = {};
  const subnetsOf = new Map<string, Record<string, { vni?: number; vlan?: number }>>();
  for (const r of vnis) {
    const slash = r.owner.lastIndexOf('/');
    const first = r.owner.indexOf('/');
    if (r.owner.startsWith('external:') || slash === first) continue;
    const vpc = r.owner.slice(0, slash);
    const subnets = subnetsOf.get(vpc) ?? {};
    subnets[r.owner.slice(slash + 1)] = { vni: r.vni };
    subnetsOf.set(vpc, subnets);
  }
  for (const r of vrfs) {
    if (r.owner.startsWith('external:')) {
      const vni = vniByOwner.get(r.owner);
      if (vni !== undefined) externals[r.owner.slice('external:'.length)] = { vrf: r.vrf, vni };
      continue;
    }
    const isolation = (r.isolation ?? 'evpn-l3vni') as IsolationMethod;
    const subnets = subnetsOf.get(r.owner) ?? {};
    if (isolation === 'vlan') {
      // trunk-domain VLANs: the same on every switch of the domain
      for (const v of vlans) {
        if (!v.owner.startsWith(`${r.owner}/`)) continue;
        subnets[v.owner.slice(r.owner.length + 1)] = { vlan: v.vlan };
      }
    }
    const l3 = vniByOwner.get(r.owner);
    vpcs[r.owner] = { isolation, vrf: r.vrf, ...(l3 === undefined ? {} : { vni: l3 }), subnets };
  }
  const q: QuarantineEntry[] = quarantine.map((r) => ({ pool: 'vni', value: r.vni, owner: r.owner, since: Number(r.since) }));
  return {
    ...emptyAllocations(),
    generation: generation === undefined ? 0 : Number(generation),
    switches,
    links: Object.fromEntries(links.map((l) => [l.connection, l.prefix])),
    vpcs,
    externals,
    quarantine: q,
  };
}
