/**
 * The outside router behind an external connection, as FRR: it is not Weft's (Weft configures
 * the border), so the lab writes it: an eBGP session to the border, the External's prefixes
 * announced (0.0.0.0/0 as a default route), and a loopback address in each that answers pings.
 */
import { parseCidr } from '#domain';
import type { LabPeer } from './plan.js';

export function peerFrrConf(peer: LabPeer): string {
  const borderIp = peer.border.address.split('/')[0] ?? '';
  const routerId = peer.address.split('/')[0] ?? '';
  const originate = peer.prefixes.includes('0.0.0.0/0');
  const networks = peer.prefixes.filter((p) => p !== '0.0.0.0/0' && parseCidr(p) !== undefined);
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
    `router bgp ${peer.asn}`,
    ` bgp router-id ${routerId}`,
    ` neighbor ${borderIp} remote-as external`,
    ` neighbor ${borderIp} description ${peer.border.switch}/${peer.border.port}`,
    ' !',
    ' address-family ipv4 unicast',
    ...peer.probes.map((ip) => `  network ${ip}/32`),
    ...networks.map((p) => `  network ${p}`),
    ...(originate ? [`  neighbor ${borderIp} default-originate`] : []),
    ' exit-address-family',
    'exit',
    '!',
    '',
  ].join('\n');
}
