// A small fabric for the lab library's tests: 2 spines, 2 leaves (4 servers), a VyOS border with
// an outside peer, a LAG, two acme VPCs (peered on one pair) and a globex VPC reusing a CIDR.
import { compile, type CompileResult } from '#compiler';
import type { AnyResource, ResourceSet } from '#domain';
import { renderConfigDb } from '#render-sonic';
import { attach, conn, external, externalAttach, externalPeering, peering, resourceSet, server, smallFabric, sw, vpc } from './builders.js';
import type { LabEnd, RedisHash, ShimSwitch } from '#lab';

export function labFabric(extra: readonly AnyResource[] = []): ResourceSet {
  return resourceSet(
    smallFabric({ leaves: 2 }),
    sw('border1', 'border', 'vyos'),
    conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/eth0'),
    conn.fabric('spine2--border1', 'spine2/Ethernet60', 'border1/eth1'),
    conn.external('border1--internet', 'border1/eth3', '192.0.2.2/30', '192.0.2.1', 64496),
    server('server9'),
    conn.bundled('server9--leaf2', 'server9', [
      ['eth0', 'leaf2/Ethernet8'],
      ['eth1', 'leaf2/Ethernet12'],
    ]),
    vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', db: '10.1.3.0/24' }),
    attach('default', 'b1', 'blue/web', 'server1--leaf1', true),
    attach('default', 'b2', 'blue/db', 'server3--leaf2', true),
    vpc('default', 'green', 'acme', { api: '10.2.1.0/24' }),
    attach('default', 'g1', 'green/api', 'server2--leaf1', true),
    attach('default', 'g2', 'green/api', 'server9--leaf2', true),
    vpc('globex', 'copy', 'globex', { web: '10.1.1.0/24' }),
    attach('globex', 'c1', 'copy/web', 'server4--leaf2', true),
    peering('default', 'blue--green', ['blue', 'green'], [['blue/db', 'green/api']]),
    external('default', 'internet', ['0.0.0.0/0']),
    externalAttach('default', 'internet--border1', 'internet', 'border1--internet'),
    externalPeering('default', 'blue--internet', 'blue', 'internet', { subnets: ['web'] }),
    ...extra,
  );
}

/** The fabric as the lab compiles it: the VyOS border as an FRR node. */
export function labCompile(set: ResourceSet = labFabric()): CompileResult {
  return compile({ ...set, switches: set.switches.map((s) => (s.spec.os === 'vyos' ? { ...s, spec: { ...s.spec, os: 'frr' as const } } : s)) });
}

/** A switch's compiled CONFIG_DB as Redis hashes (what an agent writes). */
export function configDbHashes(result: CompileResult, name: string): Map<string, RedisHash> {
  const device = result.devices.get(name);
  if (device === undefined) throw new Error(`no device ${name}`);
  const hashes = new Map<string, RedisHash>();
  for (const [table, entries] of Object.entries(renderConfigDb(device))) {
    for (const [key, fields] of Object.entries(entries)) {
      const hash: Record<string, string> = {};
      for (const [field, value] of Object.entries(fields)) {
        if (Array.isArray(value)) hash[`${field}@`] = value.join(',');
        else hash[field] = value;
      }
      hashes.set(`${table}|${key}`, hash);
    }
  }
  return hashes;
}

/** The far end of a lab wire: a port of a node in its own namespace (`wl-<node>`). */
export const labEnd = (node: string, port: string): LabEnd => ({ node, netns: `wl-${node}`, port });

/** leaf1 as the lab's CONFIG_DB shim sees it: three servers (server9 on a LAG) and spine1, plus any extra ports. */
export function shimLeaf1(extra: ReadonlyArray<readonly [string, LabEnd]> = []): ShimSwitch {
  return {
    name: 'leaf1',
    prefix: 'wl-',
    netns: 'wl-leaf1',
    ports: new Map([
      ['Ethernet0', labEnd('server1', 'eth0')],
      ['Ethernet4', labEnd('server2', 'eth0')],
      ['Ethernet8', labEnd('server9', 'eth0')],
      ['Ethernet12', labEnd('server9', 'eth1')],
      ...extra,
      ['Ethernet48', labEnd('spine1', 'Ethernet0')],
    ]),
  };
}
