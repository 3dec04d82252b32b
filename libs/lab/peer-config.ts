/**
 * The outside router behind an external connection, as FRR: it is not Weft's (Weft configures
 * the border), so the lab writes it: an eBGP session to the border, the External's prefixes
 * announced (0.0.0.0/0 as a default route), and a loopback address in each that answers pings.
 */
import { parseCidr } from '#domain';
import type { LabPeer } from './plan.js';

/** The address of an `ip/len` (the plan's peer and border addresses always have the length). */
const hostOf = (cidr: string): string => cidr.slice(0, cidr.indexOf('/'));

/** Route maps for the External's communities: stamp what the border wants, accept only what it stamps. */
function communityLines(peer: LabPeer): { maps: string[]; neighbor: string[]; originate: string } {
  const { announce, accept } = peer.communities ?? {};
  const borderIp = hostOf(peer.border.address);
  const maps: string[] = [];
  const neighbor: string[] = [];
  if (announce !== undefined) {
    maps.push('route-map lab-announce permit 10', ` set community ${announce} additive`, 'exit', '!');
    neighbor.push(`  neighbor ${borderIp} route-map lab-announce out`);
  }
  if (accept !== undefined) {
    maps.push(`bgp community-list standard lab-accept seq 5 permit ${accept}`, 'route-map lab-accept permit 10', ' match community lab-accept', 'exit', '!');
    neighbor.push(`  neighbor ${borderIp} route-map lab-accept in`);
  }
  return { maps, neighbor, originate: announce === undefined ? '' : ' route-map lab-announce' };
}

export function peerFrrConf(peer: LabPeer): string {
  const borderIp = hostOf(peer.border.address);
  const routerId = hostOf(peer.address);
  const originate = peer.prefixes.includes('0.0.0.0/0');
  const networks = peer.prefixes.filter((p) => p !== '0.0.0.0/0' && parseCidr(p) !== undefined);
  const communities = communityLines(peer);
  return [
    'frr defaults datacenter',
    `hostname ${peer.name}`,
    'service integrated-vtysh-config',
    '!',
    `interface ${peer.port}`,
    ` ip address ${peer.address}`,
    'exit',
    '!',
    'interface lo',
    ...peer.probes.map((ip) => ` ip address ${ip}/32`),
    'exit',
    '!',
    ...networks.map((p) => `ip route ${p} Null0`),
    ...communities.maps,
    `router bgp ${peer.asn}`,
    ` bgp router-id ${routerId}`,
    ` neighbor ${borderIp} remote-as external`,
    ` neighbor ${borderIp} description ${peer.border.switch}/${peer.border.port}`,
    ' !',
    ' address-family ipv4 unicast',
    ...peer.probes.map((ip) => `  network ${ip}/32`),
    ...networks.map((p) => `  network ${p}`),
    ...(originate ? [`  neighbor ${borderIp} default-originate${communities.originate}`] : []),
    ...communities.neighbor,
    ' exit-address-family',
    'exit',
    '!',
    '',
  ].join('\n');
}
