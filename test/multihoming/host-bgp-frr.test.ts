/**
 * Host BGP with packets: a leaf runs the frr.conf Weft compiled for it (zebra with netns VRFs,
 * bgpd); a server runs its own FRR and peers over the unnumbered session on its port, in the
 * VPC's VRF. The leaf installs the server's /32, a ping from the VRF reaches it over the default
 * route the leaf gives the server, a prefix outside the subnet is refused, and a server that
 * announces more than its limit is cut off.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '#compiler';
import { attach, parseSet, smallFabric, vpc } from '../support/builders.js';
import { requireFrr, sh, startFrr, until, type FrrNode } from './frr-netns.js';

const LIMIT = 3;

function compiledLeaf(): { frr: string; vrf: string } {
  const { set } = parseSet([
    ...smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 }),
    vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', vips: { cidr: '10.9.0.0/24', hostBGP: true, hostBGPMaxPrefixes: LIMIT } }),
    attach('default', 'a1', 'blue/vips', 'server1--leaf1'),
  ]);
  const result = compile(set);
  assert.deepEqual(result.diagnostics, []);
  const db = JSON.parse(result.files.get('leaf1/config_db.json') ?? '{}') as { INTERFACE?: Record<string, { vrf_name?: string }> };
  const vrf = db.INTERFACE?.Ethernet0?.vrf_name;
  assert.ok(vrf !== undefined, 'Ethernet0 is routed in the VPC VRF');
  return { frr: result.files.get('leaf1/frr.conf') ?? '', vrf };
}

/** The server's own FRR: eBGP unnumbered on eth0, announcing what it is told to. */
function serverConfig(networks: readonly string[]): string {
  return [
    'router bgp 65500',
    ' bgp router-id 10.9.0.10',
    ' no bgp ebgp-requires-policy',
    ' neighbor eth0 interface remote-as external',
    ' address-family ipv4 unicast',
    ...networks.map((n) => `  network ${n}`),
    ' exit-address-family',
    'exit',
    '',
  ].join('\n');
}

interface Neighbor {
  readonly bgpState?: string;
  readonly addressFamilyInfo?: { readonly ipv4Unicast?: { readonly acceptedPrefixCounter?: number } };
}

function hostNeighbor(leaf: FrrNode, vrf: string): Neighbor | undefined {
  return leaf.json<Record<string, Neighbor>>(`show bgp vrf ${vrf} neighbors Ethernet0 json`).Ethernet0;
}

test('a server peers unnumbered in its VPC VRF: its /32 is installed and reached, an outside prefix refused, too many prefixes cut', async (t) => {
  if (!requireFrr(t)) return;
  const { frr, vrf } = compiledLeaf();
  const leaf = startFrr(t, 'leaf1', { vrfNetns: true });
  const server = startFrr(t, 'server1');
  const vrfNetns = leaf.vrf(vrf);
  sh(['ip', 'link', 'add', 'Ethernet0', 'netns', vrfNetns, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', server.netns]);
  leaf.exec(['ip', 'link', 'set', 'Ethernet0', 'up'], vrf);
  server.exec(['ip', 'link', 'set', 'eth0', 'up']);
  // the server's addresses: two of its subnet and one outside it
  for (const address of ['10.9.0.10/32', '10.9.0.11/32', '192.0.2.1/32']) server.exec(['ip', 'addr', 'add', address, 'dev', 'lo']);
  // what a gateway SVI of the VPC would be: a source for the ping from the VRF
  leaf.exec(['ip', 'addr', 'add', '10.1.1.1/32', 'dev', 'lo'], vrf);
  leaf.apply(frr);
  server.apply(serverConfig(['10.9.0.10/32', '192.0.2.1/32']));

  const established = await until('the host session to come up', () => (hostNeighbor(leaf, vrf)?.bgpState === 'Established' ? true : undefined));
  assert.ok(established);
  // the leaf installs the server's /32 in the VPC VRF (the kernel's table of the VRF namespace)
  await until('10.9.0.10/32 in the VRF', () => (/10\.9\.0\.10/.test(leaf.exec(['ip', 'route', 'show', '10.9.0.10/32'], vrf)) ? true : undefined));
  // the outside prefix was refused by the subnet's prefix list: not in BGP, not in the kernel
  assert.doesNotMatch(leaf.vtysh(`show bgp vrf ${vrf} ipv4 unicast`), /192\.0\.2\.1\/32/);
  assert.equal(leaf.exec(['ip', 'route', 'show', '192.0.2.1/32'], vrf).trim(), '');
  assert.equal(hostNeighbor(leaf, vrf)?.addressFamilyInfo?.ipv4Unicast?.acceptedPrefixCounter, 1);
  // the server got the default route only, with the leaf's link-local address as next hop
  const serverRoutes = await until('the default route on the server', () => {
    const text = server.vtysh('show ip route bgp');
    return /0\.0\.0\.0\/0/.test(text) ? text : undefined;
  });
  assert.doesNotMatch(serverRoutes, /10\.1\.1\.1|10\.9\./);
  // packets: the VRF reaches the server's address, and the reply comes back over the default route
  leaf.exec(['ping', '-c', '2', '-W', '2', '-I', '10.1.1.1', '10.9.0.10'], vrf);

  // more prefixes than the limit: the session is cut (Idle, PfxCt) and the server's routes are gone.
  // FRR 8.4 checks the count when a new prefix arrives, before counting it: a server holding one
  // prefix over the limit is cut by the next one, so the server here announces two more.
  const more = ['10.9.0.11/32', '10.9.0.12/32', '10.9.0.13/32', '10.9.0.14/32'];
  for (const address of more.slice(1)) server.exec(['ip', 'addr', 'add', address, 'dev', 'lo']);
  server.apply(serverConfig(['10.9.0.10/32', ...more, '192.0.2.1/32']));
  let last = '';
  await until('the session to be cut', () => {
    last = leaf.vtysh(`show bgp vrf ${vrf} ipv4 unicast summary`);
    return /Idle \(PfxCt\)/.test(last) ? true : undefined;
  }, 30_000).catch((e: unknown) => {
    throw new Error(`${String(e)}; the leaf: ${last}`);
  });
  await until('10.9.0.10/32 withdrawn', () => (leaf.exec(['ip', 'route', 'show', '10.9.0.10/32'], vrf).trim() === '' ? true : undefined));
  assert.doesNotMatch(leaf.vtysh(`show bgp vrf ${vrf} ipv4 unicast`), /10\.9\.0\./);
});
