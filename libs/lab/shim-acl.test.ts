// SONiC L3 ingress ACLs as the lab's nftables ruleset: tables in name order, rules highest
// PRIORITY first (ties by name), and every rule the emulation cannot express left out with a
// problem that names it and says why, so a reader of the shim's log knows what is not enforced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aclRuleset, type AclTable } from './index.js';

const table = (name: string, rules: Record<string, Record<string, string>>, ports: string[] = ['Ethernet0']): AclTable => ({
  name,
  ports,
  rules: Object.entries(rules).map(([rule, fields]) => ({ name: rule, fields })),
});

/** The rule lines of a ruleset (inside the chain, after its policy line). */
const ruleLines = (ruleset: string): string[] => ruleset.split('\n').filter((l) => l.includes(' comment '));

test('the ruleset is one bridge table with an ingress chain at prerouting that accepts by default', () => {
  const { ruleset, problems } = aclRuleset([table('WEFT_VRF1', { ALLOW: { PRIORITY: '9000', PACKET_ACTION: 'FORWARD', DST_IP: '10.1.1.0/24', IP_PROTOCOL: '6', IP_TYPE: 'IPV4ANY' } }, ['Ethernet0', 'Ethernet4'])]);
  assert.deepEqual(problems, []);
  assert.equal(
    ruleset,
    [
      'table bridge weft_acl {',
      '  chain ingress {',
      '    type filter hook prerouting priority -200; policy accept;',
      '    iifname { "Ethernet0", "Ethernet4" } meta protocol ip ip daddr 10.1.1.0/24 ip protocol 6 accept comment "WEFT_VRF1|ALLOW"',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
});

test('tables come in name order and rules highest priority first, equal priorities by name', () => {
  const { ruleset } = aclRuleset([
    table('WEFT_C', { R: { PRIORITY: '1', PACKET_ACTION: 'DROP' } }),
    table('WEFT_A', {
      R_B: { PRIORITY: '10', PACKET_ACTION: 'DROP', SRC_IP: '10.0.0.0/8' },
      R_C: { PRIORITY: '10', PACKET_ACTION: 'DROP', SRC_IP: '10.0.0.0/8' },
      R_A: { PRIORITY: '10', PACKET_ACTION: 'forward', SRC_IP: '10.0.0.0/8' },
      LOW: { PRIORITY: '2', PACKET_ACTION: 'DROP' },
      HIGH: { PRIORITY: '30', PACKET_ACTION: 'DROP' },
    }),
    table('WEFT_B', { R: { PRIORITY: '1', PACKET_ACTION: 'DROP' } }),
  ]);
  assert.deepEqual(
    ruleLines(ruleset).map((l) => l.slice(l.indexOf('comment ') + 8)),
    ['"WEFT_A|HIGH"', '"WEFT_A|R_A"', '"WEFT_A|R_B"', '"WEFT_A|R_C"', '"WEFT_A|LOW"', '"WEFT_B|R"', '"WEFT_C|R"'],
  );
  assert.match(ruleLines(ruleset)[1] ?? '', /ip saddr 10\.0\.0\.0\/8 accept comment/);
});

test('a rule without a known PACKET_ACTION is left out, naming the action or its absence', () => {
  const { ruleset, problems } = aclRuleset([table('T', { R1: { PRIORITY: '10', PACKET_ACTION: 'REDIRECT' }, R2: { PRIORITY: '10' }, R3: { PRIORITY: '5', PACKET_ACTION: 'DROP' } })]);
  assert.deepEqual(problems, ['ACL_RULE|T|R1: PACKET_ACTION REDIRECT not emulated; the rule is left out', 'ACL_RULE|T|R2: PACKET_ACTION (none) not emulated; the rule is left out']);
  assert.deepEqual(ruleLines(ruleset), ['    iifname { "Ethernet0" } meta protocol ip drop comment "T|R3"']);
});

test('a PRIORITY that is not a whole number of zero or more leaves the rule out', () => {
  const { ruleset, problems } = aclRuleset([
    table('T', { NEG: { PRIORITY: '-1', PACKET_ACTION: 'DROP' }, FRAC: { PRIORITY: '1.5', PACKET_ACTION: 'DROP' }, NONE: { PACKET_ACTION: 'DROP' }, ZERO: { PRIORITY: '0', PACKET_ACTION: 'DROP' } }),
  ]);
  assert.deepEqual(problems, [
    'ACL_RULE|T|NEG: PRIORITY must be a whole number; the rule is left out',
    'ACL_RULE|T|FRAC: PRIORITY must be a whole number; the rule is left out',
    'ACL_RULE|T|NONE: PRIORITY must be a whole number; the rule is left out',
  ]);
  assert.deepEqual(ruleLines(ruleset).map((l) => l.slice(l.indexOf('comment '))), ['comment "T|ZERO"']);
});

test('IPv4 IP_TYPEs (IP, IPV4, IPV4ANY, ANY, any case) are emulated; IPv6 and ARP are left out', () => {
  const types = ['IP', 'IPV4', 'ipv4any', 'ANY', 'IPV6ANY', 'ARP'];
  const { ruleset, problems } = aclRuleset([table('T', Object.fromEntries(types.map((t, i) => [`R${i}`, { PRIORITY: String(10 - i), PACKET_ACTION: 'DROP', IP_TYPE: t }])))]);
  assert.deepEqual(problems, ['ACL_RULE|T|R4: IP_TYPE IPV6ANY not emulated; the rule is left out', 'ACL_RULE|T|R5: IP_TYPE ARP not emulated; the rule is left out']);
  assert.deepEqual(ruleLines(ruleset).map((l) => l.slice(l.indexOf('comment '))), ['comment "T|R0"', 'comment "T|R1"', 'comment "T|R2"', 'comment "T|R3"']);
});

test('a SRC_IP or DST_IP that is not an IPv4 prefix leaves the rule out, naming the field and text', () => {
  const { ruleset, problems } = aclRuleset([
    table('T', {
      V6: { PRIORITY: '10', PACKET_ACTION: 'DROP', SRC_IP: '2001:db8::/32' },
      BAD: { PRIORITY: '9', PACKET_ACTION: 'DROP', SRC_IP: '10.0.0.0/8', DST_IP: '10.1.1.300/32' },
      OK: { PRIORITY: '8', PACKET_ACTION: 'DROP', SRC_IP: '10.0.0.0/8', DST_IP: '10.1.1.3/32' },
    }),
  ]);
  assert.deepEqual(problems, ['ACL_RULE|T|V6: SRC_IP 2001:db8::/32 is not an IPv4 prefix; the rule is left out', 'ACL_RULE|T|BAD: DST_IP 10.1.1.300/32 is not an IPv4 prefix; the rule is left out']);
  assert.deepEqual(ruleLines(ruleset), ['    iifname { "Ethernet0" } meta protocol ip ip saddr 10.0.0.0/8 ip daddr 10.1.1.3/32 drop comment "T|OK"']);
});

test('IP_PROTOCOL must be a number 0..255; a name, a sign or a larger number leaves the rule out', () => {
  const protocols = ['0', '1', '255', '256', '1000', 'tcp', '+6', '6 ', ' 6', '17x'];
  const { ruleset, problems } = aclRuleset([table('T', Object.fromEntries(protocols.map((p, i) => [`R${i}`, { PRIORITY: String(100 - i), PACKET_ACTION: 'DROP', IP_PROTOCOL: p }])))]);
  assert.deepEqual(ruleLines(ruleset).map((l) => l.replace(/^.* meta protocol ip /, '')), ['ip protocol 0 drop comment "T|R0"', 'ip protocol 1 drop comment "T|R1"', 'ip protocol 255 drop comment "T|R2"']);
  assert.deepEqual(
    problems,
    protocols.slice(3).map((p, i) => `ACL_RULE|T|R${i + 3}: IP_PROTOCOL ${p} is not 0..255; the rule is left out`),
  );
});

test('names nftables cannot quote are made safe in iifname and comment', () => {
  const { ruleset } = aclRuleset([table('T "x"', { 'R;1': { PRIORITY: '1', PACKET_ACTION: 'DROP' } }, ['Eth "0"'])]);
  assert.deepEqual(ruleLines(ruleset), ['    iifname { "Eth__0_" } meta protocol ip drop comment "T__x_|R_1"']);
});
