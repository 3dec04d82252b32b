// Rules of the compiler a user can run into and that no sample shows: unnamed policy rules and
// match-all rules in the explanation, a leaf that takes a spine's AS number, External prefixes
// that are not prefixes, an External nothing attaches yet, and ExternalAttachments on the wrong
// connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from '#domain';
import { compile, explainVpc, type CompileResult } from '#compiler';
import { conn, external, externalAttach, externalPeering, policy, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';

const say = (result: CompileResult): string[] => result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);

/** A VyOS border on smallFabric's spines, with a transit connection. */
function border(): ReturnType<typeof smallFabric> {
  const transit: Connection = {
    apiVersion: 'wiring.weft.dev/v1alpha1',
    kind: 'Connection',
    metadata: { name: 'border1--transit' },
    spec: { external: { switch: 'border1/eth3', address: '192.0.2.2/30', peer: { ip: '192.0.2.1', asn: 64500 } } },
  };
  return [
    sw('border1', 'border', 'vyos'),
    conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/eth0'),
    conn.fabric('spine2--border1', 'spine2/Ethernet60', 'border1/eth1'),
    transit,
  ];
}

test('a policy rule without a name is called rule-N, and a rule that matches on nothing matches every VPC', () => {
  const result = compile(
    resourceSet(
      smallFabric(),
      policy({ isolation: { default: 'evpn-l3vni', rules: [{ match: { tenants: ['legacy'] }, method: 'vlan' }, { match: {}, method: 'evpn-l2vni' }] } }),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
    ),
  );
  assert.deepEqual(say(result), []);
  const blue = explainVpc(result, 'default/blue');
  assert.equal(blue?.rule, 'rule-2');
  assert.equal(blue.isolation, 'evpn-l2vni');
  assert.deepEqual(blue.trace, ['rule rule-1 (#1) does not match: tenant acme is not in [legacy]', 'rule rule-2 (#2) matches: matches every VPC -> evpn-l2vni']);
});

test('a leaf or border that takes the AS number of a spine is refused: it peers with the spines over eBGP', () => {
  const fabric = smallFabric().map((r) => (r.kind === 'Switch' && r.metadata.name === 'leaf2' ? sw('leaf2', 'leaf', 'sonic', undefined, { asn: 65100 }) : r));
  assert.deepEqual(say(compile(resourceSet(fabric))), [
    'error WF206 Switch leaf2 spec.asn: AS 65100 is the AS number of spine1; a leaf peers with the spines over eBGP and needs an AS number of its own',
  ]);
  // a spine with an AS number of its own: the others' may not take that one either
  const own = smallFabric().map((r) => (r.kind === 'Switch' && r.metadata.name === 'spine2' ? sw('spine2', 'spine', 'sonic', undefined, { asn: 65001 }) : r.kind === 'Switch' && r.metadata.name === 'leaf1' ? sw('leaf1', 'leaf', 'sonic', undefined, { asn: 65001 }) : r));
  assert.ok(say(compile(resourceSet(own))).includes('error WF206 Switch leaf1 spec.asn: AS 65001 is the AS number of spine2; a leaf peers with the spines over eBGP and needs an AS number of its own'));
  // a leaf AS of its own is fine
  const fine = smallFabric().map((r) => (r.kind === 'Switch' && r.metadata.name === 'leaf2' ? sw('leaf2', 'leaf', 'sonic', undefined, { asn: 65199 }) : r));
  assert.deepEqual(say(compile(resourceSet(fine))), []);
});

test('External prefixes must be network prefixes; a host address gets the prefix it probably meant', () => {
  const result = compile(resourceSet(smallFabric(), border(), external('default', 'internet', ['0.0.0.0/0', '203.0.113.7/24', 'everything'])));
  assert.deepEqual(say(result), [
    'error WF300 External default/internet spec.prefixes[1]: "203.0.113.7/24" is not a network prefix; did you mean 203.0.113.0/24?',
    'error WF300 External default/internet spec.prefixes[2]: "everything" is not a network prefix',
  ]);
});

test('an External that nothing attaches yet routes nothing, and a peering with it says so', () => {
  const result = compile(
    resourceSet(smallFabric(), border(), vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }), external('default', 'internet'), externalPeering('default', 'blue--internet', 'blue', 'internet')),
  );
  assert.deepEqual(say(result), ['warning WF313 ExternalPeering default/blue--internet spec.external: External default/internet has no ExternalAttachment yet, so nothing is routed']);
  const attached = compile(
    resourceSet(
      smallFabric(),
      border(),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
      external('default', 'internet'),
      externalAttach('default', 'internet--border1', 'internet', 'border1--transit'),
      externalPeering('default', 'blue--internet', 'blue', 'internet'),
    ),
  );
  assert.deepEqual(say(attached), []);
});

test('an ExternalAttachment needs an external connection that no other attachment uses; a duplicate names the first', () => {
  const result = compile(
    resourceSet(
      smallFabric(),
      border(),
      external('default', 'internet'),
      externalAttach('default', 'a1', 'internet', 'border1--transit'),
      externalAttach('default', 'a2', 'internet', 'border1--transit'),
      externalAttach('default', 'a3', 'internet', 'server1--leaf1'),
      externalAttach('default', 'a4', 'internet', 'nowhere'),
      externalAttach('default', 'a5', 'intranet', 'border1--transit'),
    ),
  );
  assert.deepEqual(say(result), [
    'error WF310 ExternalAttachment default/a2 spec.connection: Connection border1--transit is already attached by ExternalAttachment default/a1',
    'error WF308 ExternalAttachment default/a3 spec.connection: Connection server1--leaf1 is not an external connection',
    'error WF307 ExternalAttachment default/a4 spec.connection: no Connection named "nowhere"',
    'error WF310 ExternalAttachment default/a5 spec.connection: Connection border1--transit is already attached by ExternalAttachment default/a1',
    'error WF313 ExternalAttachment default/a5 spec.external: no External default/intranet',
  ]);
});
