// Richer Externals (ADR 102-104): several attachments on one border port on their own VLANs,
// static Externals, and an inbound ACL per attachment, from the resources to the device files of
// SONiC, FRR and VyOS. Bad values are refused, naming the object and the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainSwitch, explainVpc, type CompileResult } from '#compiler';
import type { AnyResource, Diagnostic, ExternalAttachment } from '#domain';
import { renderFrrConf } from '#render-frr';
import { renderConfigDb } from '#render-sonic';
import { renderVyosSet } from '#render-vyos';
import { attach, conn, external, externalAttach, externalPeering, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';

type Os = 'sonic' | 'vyos' | 'frr';

const PORT: Record<Os, string> = { sonic: 'Ethernet12', vyos: 'eth3', frr: 'eth3' };

function tagged(name: string, externalName: string, spec: Partial<ExternalAttachment['spec']>): ExternalAttachment {
  const a = externalAttach('default', name, externalName, 'border1--outside');
  Object.assign(a.spec, spec);
  return a;
}

/**
 * blue/web (leaf1) peered with two Externals on border1's one external port: transit on VLAN
 * 100 (BGP, the Connection's address and peer) and legacy on VLAN 300 (static).
 */
function fabric(os: Os, attachments?: readonly ExternalAttachment[]): AnyResource[] {
  const legacy = external('default', 'legacy');
  legacy.spec.static = { prefixes: ['203.0.113.0/24'], nextHop: '198.51.100.9' };
  return [
    ...smallFabric({ leaves: 2 }),
    vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
    attach('default', 'b1', 'blue/web', 'server1--leaf1'),
    sw('border1', 'border', os),
    conn.fabric('spine1--border1', 'spine1/Ethernet60', `border1/${os === 'sonic' ? 'Ethernet0' : 'eth1'}`),
    conn.external('border1--outside', `border1/${PORT[os]}`, '198.51.100.2/30', '198.51.100.1', 64500),
    external('default', 'transit', ['0.0.0.0/0']),
    legacy,
    ...(attachments ?? [
      tagged('transit--border1', 'transit', {
        vlan: 100,
        inboundACL: { rules: [{ action: 'permit', protocol: 'tcp', destination: '10.1.1.0/24', destinationPorts: { from: 443 } }] },
      }),
      tagged('legacy--border1', 'legacy', { vlan: 300, address: '198.51.100.10/30' }),
    ]),
    externalPeering('default', 'blue--transit', 'blue', 'transit'),
    externalPeering('default', 'blue--legacy', 'blue', 'legacy'),
  ];
}

function compileOk(resources: AnyResource[]): CompileResult {
  const result = compile(resourceSet(resources));
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
  return result;
}

function problems(resources: AnyResource[], severity: Diagnostic['severity'] = 'error'): string[] {
  return compile(resourceSet(resources))
    .diagnostics.filter((d) => d.severity === severity && (d.path.startsWith('External') || d.path.startsWith('ExternalAttachment')))
    .map((d) => `${d.code} ${d.path}: ${d.message}`);
}

test('SONiC: each attachment is a VLAN_SUB_INTERFACE Eth12.<vlan> in its External\'s VRF; the port itself has no address', () => {
  const result = compileOk(fabric('sonic'));
  const device = result.devices.get('border1')!;
  const db = renderConfigDb(device);
  const vrfOf = (ext: string): string => device.vrfs.find((v) => v.owner.external === `default/${ext}`)!.name;
  assert.deepEqual(db.VLAN_SUB_INTERFACE, {
    'Eth12.100': { admin_status: 'up', vlan: '100', vrf_name: vrfOf('transit') },
    'Eth12.100|198.51.100.2/30': {},
    'Eth12.300': { admin_status: 'up', vlan: '300', vrf_name: vrfOf('legacy') },
    'Eth12.300|198.51.100.10/30': {},
  });
  assert.equal(db.PORT?.Ethernet12?.mtu, '1500');
  assert.equal(db.INTERFACE?.Ethernet12, undefined, 'a port carrying tagged attachments is not routed itself');
  // the BGP session of the transit runs over its sub-interface; the static External has none
  const frr = renderFrrConf(device);
  assert.match(frr, new RegExp(`router bgp \\d+ vrf ${vrfOf('transit')}\\n bgp router-id [0-9.]+\\n neighbor 198\\.51\\.100\\.1 remote-as 64500\\n`));
  assert.doesNotMatch(frr, /neighbor 198\.51\.100\.9/);
});

test('a static External: routes in its VRF on the border through the next hop, redistributed, and leaked to the peered VPC like BGP routes', () => {
  const device = compileOk(fabric('sonic')).devices.get('border1')!;
  const legacy = device.vrfs.find((v) => v.owner.external === 'default/legacy')!;
  assert.deepEqual(legacy.staticRoutes, [{ prefix: '203.0.113.0/24', nextHops: ['198.51.100.9'] }]);
  assert.deepEqual(legacy.neighbors, []);
  const frr = renderFrrConf(device);
  assert.ok(frr.includes(`vrf ${legacy.name}\n vni ${legacy.l3vni ?? ''}\n ip route 203.0.113.0/24 198.51.100.9\nexit-vrf`), frr);
  assert.match(frr, new RegExp(`router bgp \\d+ vrf ${legacy.name}\\n[^]*?  redistribute static\\n`));
  const blue = device.vrfs.find((v) => v.owner.vpc === 'default/blue')!;
  const leak = blue.leaks.find((l) => l.fromVrf === legacy.name);
  assert.deepEqual(leak?.prefixes, ['203.0.113.0/24']);
  assert.equal(leak.orLonger, true);
  const vyos = renderVyosSet(compileOk(fabric('vyos')).devices.get('border1')!);
  assert.match(vyos, /set vrf name Vrf\d+ protocols static route 203\.0\.113\.0\/24 next-hop 198\.51\.100\.9\n/);
});

test('the inbound ACL: SONiC binds it to the port and matches the VLAN in every rule; the peer reaches the border first, the default drops last', () => {
  const device = compileOk(fabric('sonic')).devices.get('border1')!;
  const db = renderConfigDb(device);
  assert.deepEqual(db.ACL_TABLE?.WEFT_IN_BORDER1__OUTSIDE_100, {
    type: 'L3',
    stage: 'ingress',
    ports: ['Ethernet12'],
    policy_desc: 'inbound filter of default/transit--border1 (default/transit)',
  });
  const rules = Object.entries(db.ACL_RULE ?? {}).filter(([key]) => key.startsWith('WEFT_IN_BORDER1__OUTSIDE_100|'));
  assert.deepEqual(Object.fromEntries(rules), {
    'WEFT_IN_BORDER1__OUTSIDE_100|PEER': { PRIORITY: '9999', PACKET_ACTION: 'FORWARD', SRC_IP: '198.51.100.0/30', DST_IP: '198.51.100.2/32', VLAN_ID: '100' },
    'WEFT_IN_BORDER1__OUTSIDE_100|RULE_10': { PRIORITY: '9998', PACKET_ACTION: 'FORWARD', DST_IP: '10.1.1.0/24', IP_PROTOCOL: '6', L4_DST_PORT: '443', VLAN_ID: '100' },
    'WEFT_IN_BORDER1__OUTSIDE_100|DEFAULT': { PRIORITY: '9997', PACKET_ACTION: 'DROP', VLAN_ID: '100' },
  });
  assert.equal(db.ACL_TABLE.WEFT_IN_BORDER1__OUTSIDE_300, undefined, 'no ACL where none is asked for');
});

test('VyOS: vifs of eth3 in the Externals\' VRFs, and the ACL as a weft-in-* rule set jumped to from the forward filter for eth3.100', () => {
  const vyos = renderVyosSet(compileOk(fabric('vyos')).devices.get('border1')!);
  assert.match(vyos, /set interfaces ethernet eth3 vif 100 address '198\.51\.100\.2\/30'\nset interfaces ethernet eth3 vif 100 vrf 'Vrf\d+'\n/);
  assert.match(vyos, /set interfaces ethernet eth3 vif 300 address '198\.51\.100\.10\/30'\n/);
  assert.doesNotMatch(vyos, /set interfaces ethernet eth3 address/);
  const set = 'set firewall ipv4 name weft-in-border1--outside-100';
  for (const line of [
    `${set} rule 20 action 'accept'`,
    `${set} rule 20 destination address '10.1.1.0/24'`,
    `${set} rule 20 protocol 'tcp'`,
    `${set} rule 20 destination port '443'`,
    `${set} rule 30 action 'drop'`,
    "set firewall ipv4 forward filter rule 10000 jump-target 'weft-in-border1--outside-100'",
    "set firewall ipv4 forward filter rule 10000 inbound-interface name 'eth3.100'",
  ]) {
    assert.ok(vyos.includes(`${line}\n`), `missing: ${line}\n${vyos}`);
  }
});

test('FRR node: zebra addresses the sub-interfaces eth3.<vlan> in their VRFs; an ACL there is a warning, since frr.conf has no packet filter', () => {
  const resources = fabric('frr');
  const frr = renderFrrConf(compileOk(resources).devices.get('border1')!);
  assert.match(frr, /interface eth3\.100 vrf Vrf\d+\n description default\/transit border1--outside VLAN 100\n ip address 198\.51\.100\.2\/30\nexit\n/);
  assert.match(frr, /interface eth3\.300 vrf Vrf\d+\n[^]*? ip address 198\.51\.100\.10\/30\n/);
  assert.deepEqual(problems(resources, 'warning'), [
    'WF337 ExternalAttachment default/transit--border1 spec.inboundACL: border1 is an FRR node: frr.conf has no packet filters, so this ACL is not applied there',
  ]);
});

test('weft explain shows each attachment with its VLAN, address and ACL, and the static External\'s routes', () => {
  const result = compileOk(fabric('sonic'));
  const sw1 = explainSwitch(result, 'border1')!;
  assert.ok(sw1.ports.some((p) => /^Ethernet12 VLAN 100 external -> default\/transit border1--outside VLAN 100 198\.51\.100\.2\/30 in Vrf\d+ \(inbound ACL WEFT_IN_BORDER1__OUTSIDE_100: 3 rules/.test(p)), sw1.ports.join('\n'));
  assert.ok(sw1.neighbors.some((n) => /^198\.51\.100\.1 remote-as 64500 in Vrf\d+/.test(n)), sw1.neighbors.join('\n'));
  const blue = explainVpc(result, 'default/blue')!;
  assert.ok(
    blue.externalPeerings.some((line) => line.includes('static: routes to [203.0.113.0/24] via 198.51.100.9, no BGP, attached on border1/Ethernet12 VLAN 300 as 198.51.100.10/30')),
    blue.externalPeerings.join('\n'),
  );
  assert.ok(blue.externalPeerings.some((line) => line.includes('attached on border1/Ethernet12 VLAN 100 as 198.51.100.2/30 (inbound ACL: 1 rule, then deny)')));
});

test('sharing a port: a VLAN twice, untagged beside tagged, two untagged, a VLAN out of range, overlapping addresses are refused, naming the attachment and field', () => {
  const transit = (name: string, spec: Partial<ExternalAttachment['spec']>): ExternalAttachment => tagged(name, 'transit', spec);
  const found = problems(
    fabric('sonic', [
      transit('a-first', { vlan: 100 }),
      transit('b-same-vlan', { vlan: 100, address: '198.51.100.6/30', peer: { ip: '198.51.100.5', asn: 64501 } }),
      transit('c-untagged', { address: '198.51.100.14/30', peer: { ip: '198.51.100.13', asn: 64501 } }),
      transit('d-range', { vlan: 4095, address: '198.51.100.18/30', peer: { ip: '198.51.100.17', asn: 64501 } }),
      transit('e-overlap', { vlan: 200 }),
      transit('f-bad-peer', { vlan: 201, address: '198.51.100.22/30', peer: { ip: '198.51.100.99', asn: 64501 } }),
    ]),
  );
  assert.deepEqual(found, [
    'WF334 ExternalAttachment default/b-same-vlan spec.vlan: VLAN 100 on Connection border1--outside (border1/Ethernet12) is already used by ExternalAttachment default/a-first',
    'WF334 ExternalAttachment default/c-untagged spec.vlan: Connection border1--outside (border1/Ethernet12) cannot carry untagged and tagged attachments together: this attachment is untagged, ExternalAttachment default/a-first uses VLAN 100',
    'WF333 ExternalAttachment default/d-range spec.vlan: 4095 is not a VLAN id: 1-4094',
    'WF335 ExternalAttachment default/e-overlap spec.address: 198.51.100.2/30 overlaps 198.51.100.2/30 of ExternalAttachment default/a-first on Connection border1--outside (border1/Ethernet12); each VLAN needs its own subnet (set spec.address and spec.peer)',
    'WF335 ExternalAttachment default/f-bad-peer spec.peer.ip: 198.51.100.99 is not another host of 198.51.100.22/30, the border\'s address on this attachment',
  ]);
  const noPeer = problems(fabric('sonic', [transit('a', { vlan: 100 }), transit('b', { vlan: 200, address: '198.51.100.6/30' })]));
  assert.deepEqual(noPeer, [
    'WF335 ExternalAttachment default/b spec.peer: the BGP peer 198.51.100.1 (from Connection border1--outside) is not on 198.51.100.6/30, this attachment\'s subnet',
  ]);
  const twice = problems(fabric('sonic', [transit('a', {}), transit('b', { address: '198.51.100.6/30', peer: { ip: '198.51.100.5', asn: 64501 } })]));
  assert.deepEqual(twice, [
    'WF310 ExternalAttachment default/b spec.connection: Connection border1--outside is already attached by ExternalAttachment default/a',
  ]);
});

test('a static External with BGP fields, overlapping prefixes, a next hop on no attachment or a peer is refused', () => {
  const resources = fabric('sonic', [tagged('legacy--border1', 'legacy', { vlan: 300, address: '198.51.100.10/30', peer: { ip: '198.51.100.9', asn: 64999 } })]);
  const legacy = resources.find((r) => r.kind === 'External' && r.metadata.name === 'legacy');
  assert.ok(legacy?.kind === 'External');
  Object.assign(legacy.spec, { prefixes: ['0.0.0.0/0'], outboundCommunity: '65000:1', static: { prefixes: ['203.0.113.0/24', '203.0.113.128/25', '10.9.0.1/16'], nextHop: '198.51.100.77' } });
  assert.deepEqual(problems(resources), [
    'WF336 External default/legacy spec.outboundCommunity: a static External has no BGP session; outboundCommunity belongs to BGP Externals',
    'WF336 External default/legacy spec.prefixes: a static External has no BGP session; prefixes belongs to BGP Externals',
    'WF336 External default/legacy spec.static.nextHop: 198.51.100.77 is not another host on the subnet of any of its attachments: 198.51.100.10/30 (ExternalAttachment default/legacy--border1)',
    'WF336 External default/legacy spec.static.prefixes[1]: 203.0.113.128/25 overlaps 203.0.113.0/24',
    'WF336 External default/legacy spec.static.prefixes[2]: "10.9.0.1/16" is not a network prefix',
    'WF336 ExternalAttachment default/legacy--border1 spec.peer: External default/legacy is static: there is no BGP peer to set',
    // the External is not taken, so its peering has nothing to peer with
    'WF313 ExternalPeering default/blue--legacy spec.external: no valid External default/legacy',
  ]);
});

test('inbound ACL rules: a prefix that is neither "any" nor a network, ports without tcp or udp, a reversed range are refused', () => {
  const found = problems(
    fabric('sonic', [
      tagged('transit--border1', 'transit', {
        vlan: 100,
        inboundACL: {
          rules: [
            { action: 'permit', source: 'any', destination: '10.1.1.5/24' },
            { action: 'deny', protocol: 'icmp', destinationPorts: { from: 22 } },
            { action: 'deny', protocol: 'udp', destinationPorts: { from: 2000, to: 1000 } },
          ],
        },
      }),
    ]),
  );
  assert.deepEqual(found, [
    'WF337 ExternalAttachment default/transit--border1 spec.inboundACL.rules[0].destination: "10.1.1.5/24" is neither "any" nor a network prefix; did you mean 10.1.1.0/24?',
    'WF337 ExternalAttachment default/transit--border1 spec.inboundACL.rules[1].destinationPorts: ports apply to tcp and udp only; the rule\'s protocol is icmp',
    'WF337 ExternalAttachment default/transit--border1 spec.inboundACL.rules[2].destinationPorts: 2000-1000 is not a port range: from <= to, each 1-65535',
  ]);
});
