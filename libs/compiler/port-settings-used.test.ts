// Port settings on ports that trunks and external links use are written without a warning; the
// same port names on the other switch, unused there, are warned about. A server link's MTU above
// the limit names the field of its own connection type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '#compiler';
import type { AnyResource, Connection } from '#domain';
import { conn, resourceSet, server, smallFabric, sw } from '../../test/support/builders.js';

const lines = (resources: readonly AnyResource[]): string[] => compile(resourceSet(resources)).diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);
const fec = (ports: readonly string[]): { portSettings: { port: string; fec: 'rs' }[] } => ({ portSettings: ports.map((port) => ({ port, fec: 'rs' as const })) });

test('a trunk\'s two ends and an external link use their ports: settings there are not warned about, the same names elsewhere are', () => {
  const fabric = smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 }).filter((r) => !(r.kind === 'Switch' && r.metadata.name.startsWith('leaf')));
  const warnings = lines([
    ...fabric,
    sw('leaf1', 'leaf', 'sonic', undefined, fec(['Ethernet60', 'Ethernet64'])),
    sw('leaf2', 'leaf', 'sonic', undefined, fec(['Ethernet60', 'Ethernet64'])),
    conn.trunk('leaf1--leaf2', 'leaf1/Ethernet60', 'leaf2/Ethernet64'),
    sw('border1', 'border', 'sonic', undefined, fec(['Ethernet0', 'Ethernet12', 'Ethernet16'])),
    conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
    conn.external('border1--outside', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
  ]);
  const unused = (switchName: string, index: number, port: string): string =>
    `warning WF210 Switch ${switchName} spec.portSettings[${index}]: no connection uses ${port}, so its speed, FEC and auto-negotiation are not written`;
  assert.deepEqual(warnings, [unused('border1', 2, 'Ethernet16'), unused('leaf1', 1, 'Ethernet64'), unused('leaf2', 0, 'Ethernet60')]);
});

test('a server link MTU above the limit names spec.unbundled.mtu or spec.bundled.mtu', () => {
  const unbundled = conn.unbundled('server9--u', 'server9/eth5', 'leaf2/Ethernet40');
  Object.assign(unbundled.spec.unbundled ?? {}, { mtu: 9001 });
  const bundled: Connection = conn.bundled('server9--b', 'server9', [['eth0', 'leaf1/Ethernet40']]);
  Object.assign(bundled.spec.bundled ?? {}, { mtu: 9999 });
  assert.deepEqual(lines([...smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 }), server('server9'), unbundled, bundled]), [
    'error WF211 Connection server9--b spec.bundled.mtu: 9999 is above 9000, the fabric MTU 9100 less 100 bytes for VXLAN',
    'error WF211 Connection server9--u spec.unbundled.mtu: 9001 is above 9000, the fabric MTU 9100 less 100 bytes for VXLAN',
  ]);
});
