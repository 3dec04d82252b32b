// An ExternalAttachment's inbound ACL at the edges of a port range: 1-65535 and a single port
// 65535 are taken (a range without `to` is its one port) and reach CONFIG_DB; 0 and 65536 are
// refused; ports on a rule without tcp or udp are refused with what to set; a source with host
// bits is refused with the prefix meant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, type CompileResult } from '#compiler';
import type { ExternalAttachment } from '#domain';
import { conn, external, externalAttach, resourceSet, smallFabric, sw } from '../../test/support/builders.js';

function mkcompFiltered(rules: NonNullable<ExternalAttachment['spec']['inboundACL']>['rules']): CompileResult {
  const onBorder = externalAttach('default', 't1', 'transit', 'border1--outside');
  onBorder.spec.inboundACL = { rules };
  return compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }),
      sw('border1', 'border', 'sonic'),
      conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
      conn.external('border1--outside', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
      external('default', 'transit', ['0.0.0.0/0']),
      onBorder,
    ),
  );
}

test('port ranges at their edges: the widest and the last port are taken, 0 and 65536 are not', () => {
  const refused = mkcompFiltered([
    { action: 'permit', protocol: 'tcp', destinationPorts: { from: 0 } },
    { action: 'permit', protocol: 'udp', destinationPorts: { from: 1, to: 65535 } },
    { action: 'permit', protocol: 'tcp', destinationPorts: { from: 65535 } },
    { action: 'permit', protocol: 'udp', destinationPorts: { from: 100, to: 65536 } },
    { action: 'deny', destinationPorts: { from: 22 } },
    { action: 'permit', protocol: 'tcp', destinationPorts: { from: 80, to: 80 }, source: '10.0.0.1/8', destination: 'any' },
  ]);
  assert.deepEqual(
    refused.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}${d.hint === undefined ? '' : ` (hint: ${d.hint})`}`),
    [
      'WF337 ExternalAttachment default/t1 spec.inboundACL.rules[0].destinationPorts: 0-0 is not a port range: from <= to, each 1-65535',
      'WF337 ExternalAttachment default/t1 spec.inboundACL.rules[3].destinationPorts: 100-65536 is not a port range: from <= to, each 1-65535',
      "WF337 ExternalAttachment default/t1 spec.inboundACL.rules[4].destinationPorts: ports apply to tcp and udp only; the rule's protocol is ip (hint: set protocol: tcp or protocol: udp)",
      'WF337 ExternalAttachment default/t1 spec.inboundACL.rules[5].source: "10.0.0.1/8" is neither "any" nor a network prefix; did you mean 10.0.0.0/8?',
    ],
  );
  const taken = mkcompFiltered([
    { action: 'permit', protocol: 'udp', destinationPorts: { from: 1, to: 65535 } },
    { action: 'permit', protocol: 'tcp', destinationPorts: { from: 65535 } },
  ]);
  assert.deepEqual(taken.diagnostics, []);
  const configDb = JSON.parse(taken.files.get('border1/config_db.json') ?? '{}') as Record<string, Record<string, unknown> | undefined>;
  assert.deepEqual(configDb.ACL_RULE, {
    'WEFT_IN_BORDER1__OUTSIDE|DEFAULT': { PACKET_ACTION: 'DROP', PRIORITY: '9996' },
    'WEFT_IN_BORDER1__OUTSIDE|PEER': { DST_IP: '198.51.100.2/32', PACKET_ACTION: 'FORWARD', PRIORITY: '9999', SRC_IP: '198.51.100.0/30' },
    'WEFT_IN_BORDER1__OUTSIDE|RULE_10': { IP_PROTOCOL: '17', L4_DST_PORT_RANGE: '1-65535', PACKET_ACTION: 'FORWARD', PRIORITY: '9998' },
    'WEFT_IN_BORDER1__OUTSIDE|RULE_20': { IP_PROTOCOL: '6', L4_DST_PORT: '65535', PACKET_ACTION: 'FORWARD', PRIORITY: '9997' },
  });
});
