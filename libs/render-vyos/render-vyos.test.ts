import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent, VrfIntent } from '#domain';
import { BORDER_VYOS, BORDER_VYOS_PEERED, LEAF_EVPN } from '#testing';
import {
  quoteVyosValue,
  renderVyosSet,
  sanitizeVyosText,
  splitVyosCommand,
  VyosRenderError,
  VyosSyntaxError,
  vyosPathOverlapsOwned,
  vyosPathOwned,
} from './index.js';

const INJECTION = "'; set system login user evil authentication plaintext-password x";
const NEWLINE_INJECTION = 'uplink\nset system login user evil authentication plaintext-password x';

function linesOf(text: string): string[] {
  return text.split('\n');
}

function setLines(text: string): string[] {
  return linesOf(text).filter((line) => line.startsWith('set '));
}

function assertHasLines(text: string, expected: readonly string[]): void {
  const lines = new Set(linesOf(text));
  const missing = expected.filter((line) => !lines.has(line));
  assert.deepEqual(missing, [], `missing lines in:\n${text}`);
}

/** BORDER_VYOS_PEERED, as a fresh object per test. */
function borderWithPeering(): DeviceIntent {
  return structuredClone(BORDER_VYOS_PEERED);
}

/** A deterministic shuffle (a linear congruential generator), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed;
  for (let index = result.length - 1; index > 0; index -= 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const other = state % (index + 1);
    const item = result[index] as T;
    result[index] = result[other] as T;
    result[other] = item;
  }
  return result;
}

function shuffleDevice(device: DeviceIntent, seed: number): DeviceIntent {
  const routeTargets = (targets: VrfIntent['routeTargets']): VrfIntent['routeTargets'] => ({ import: shuffled(targets.import, seed), export: shuffled(targets.export, seed + 1) });
  return {
    ...device,
    ports: shuffled(device.ports.map((port) => ({ ...port, addresses: shuffled(port.addresses, seed) })), seed),
    vrfs: shuffled(
      device.vrfs.map((vrf) => ({
        ...vrf,
        routeTargets: routeTargets(vrf.routeTargets),
        leaks: shuffled(vrf.leaks.map((leak) => ({ ...leak, prefixes: shuffled(leak.prefixes, seed) })), seed),
        neighbors: shuffled(vrf.neighbors.map((neighbor) => ({ ...neighbor, prefixesIn: shuffled(neighbor.prefixesIn, seed), prefixesOut: shuffled(neighbor.prefixesOut, seed + 2) })), seed),
      })),
      seed,
    ),
    bgp: {
      ...device.bgp,
      neighbors: shuffled(device.bgp.neighbors, seed),
      networks: shuffled(device.bgp.networks, seed),
      l2vnis: shuffled(device.bgp.l2vnis.map((l2vni) => ({ ...l2vni, routeTargets: routeTargets(l2vni.routeTargets) })), seed),
    },
    templates: shuffled(device.templates, seed),
  };
}

/** Every free-text field of the border set to `text`. */
function withDescriptions(device: DeviceIntent, text: string): DeviceIntent {
  return {
    ...device,
    description: text,
    ports: device.ports.map((port) => ({ ...port, description: text })),
    vrfs: device.vrfs.map((vrf) => ({ ...vrf, description: text, neighbors: vrf.neighbors.map((neighbor) => ({ ...neighbor, description: text })) })),
    bgp: { ...device.bgp, neighbors: device.bgp.neighbors.map((neighbor) => ({ ...neighbor, description: text })) },
  };
}

test('BORDER_VYOS: system, interfaces, VRF with L3VNI, VXLAN and bridge', () => {
  const text = renderVyosSet(BORDER_VYOS);
  assertHasLines(text, [
    "set system host-name 'border1'",
    "set interfaces ethernet eth0 description 'spine1/Ethernet60'",
    "set interfaces ethernet eth0 address '10.254.1.1/31'",
    "set interfaces ethernet eth0 mtu '9000'",
    "set interfaces ethernet eth3 address '192.0.2.2/30'",
    "set interfaces ethernet eth3 vrf 'Vrf9'",
    "set interfaces loopback lo address '10.0.0.21/32'",
    "set vrf name Vrf9 table '1009'",
    "set vrf name Vrf9 vni '29999'",
    "set vrf name Vrf9 description 'default/internet'",
    "set interfaces vxlan vxlan29999 vni '29999'",
    "set interfaces vxlan vxlan29999 source-address '10.0.0.21'",
    "set interfaces vxlan vxlan29999 port '4789'",
    "set interfaces vxlan vxlan29999 mtu '8950'",
    'set interfaces vxlan vxlan29999 parameters nolearning',
    'set interfaces bridge br29999 member interface vxlan29999',
    "set interfaces bridge br29999 vrf 'Vrf9'",
  ]);
  // eth1 is unnumbered: BGP runs over its IPv6 link-local address, it gets no IPv4 address
  assert.deepEqual(linesOf(text).filter((line) => line.startsWith('set interfaces ethernet eth1 address')), []);
});

test('BORDER_VYOS: global BGP in 1.4+ syntax, numbered and unnumbered neighbours with EVPN', () => {
  const text = renderVyosSet(BORDER_VYOS);
  assertHasLines(text, [
    "set protocols bgp system-as '65200'",
    "set protocols bgp parameters router-id '10.0.0.21'",
    'set protocols bgp parameters bestpath as-path multipath-relax',
    "set protocols bgp neighbor 10.254.1.0 remote-as '65100'",
    "set protocols bgp neighbor 10.254.1.0 description 'spine1'",
    'set protocols bgp neighbor 10.254.1.0 address-family ipv4-unicast',
    'set protocols bgp neighbor 10.254.1.0 address-family l2vpn-evpn',
    "set protocols bgp neighbor eth1 interface v6only remote-as 'external'",
    'set protocols bgp neighbor eth1 address-family ipv4-unicast',
    'set protocols bgp neighbor eth1 address-family l2vpn-evpn',
    'set protocols bgp address-family ipv4-unicast network 10.0.0.21/32',
    "set protocols bgp address-family ipv4-unicast maximum-paths ebgp '64'",
    'set protocols bgp address-family l2vpn-evpn advertise-all-vni',
  ]);
  assert.deepEqual(linesOf(text).filter((line) => /^set protocols bgp \d/.test(line)), [], 'no VyOS 1.3 `protocols bgp <asn>` lines');
});

test('BORDER_VYOS: the external neighbour in its VRF, filtered by weft- prefix lists', () => {
  const text = renderVyosSet(BORDER_VYOS);
  assertHasLines(text, [
    "set vrf name Vrf9 protocols bgp system-as '65200'",
    'set vrf name Vrf9 protocols bgp address-family ipv4-unicast redistribute connected',
    'set vrf name Vrf9 protocols bgp address-family l2vpn-evpn advertise ipv4 unicast',
    "set vrf name Vrf9 protocols bgp address-family l2vpn-evpn rd '10.0.0.21:5009'",
    "set vrf name Vrf9 protocols bgp address-family l2vpn-evpn route-target import '65000:20001'",
    "set vrf name Vrf9 protocols bgp address-family l2vpn-evpn route-target import '65000:29999'",
    "set vrf name Vrf9 protocols bgp address-family l2vpn-evpn route-target export '65000:29999'",
    "set vrf name Vrf9 protocols bgp neighbor 192.0.2.1 remote-as '64496'",
    "set vrf name Vrf9 protocols bgp neighbor 192.0.2.1 description 'transit provider'",
    "set vrf name Vrf9 protocols bgp neighbor 192.0.2.1 address-family ipv4-unicast prefix-list import 'weft-ext-internet-in'",
    "set vrf name Vrf9 protocols bgp neighbor 192.0.2.1 address-family ipv4-unicast prefix-list export 'weft-ext-internet-out'",
    'set vrf name Vrf9 protocols bgp neighbor 192.0.2.1 address-family ipv4-unicast remove-private-as all',
    "set policy prefix-list weft-ext-internet-in rule 10 action 'permit'",
    "set policy prefix-list weft-ext-internet-in rule 10 prefix '0.0.0.0/0'",
    "set policy prefix-list weft-ext-internet-in rule 10 le '32'",
    "set policy prefix-list weft-ext-internet-out rule 10 prefix '10.1.0.0/24'",
    "set policy prefix-list weft-ext-internet-out rule 20 prefix '10.1.1.0/24'",
  ]);
  // announced prefixes match exactly: a longer prefix of a VPC subnet is never sent out
  assert.ok(!text.includes("weft-ext-internet-out rule 10 le"));
});

test('leaks import the other VRF through one route map per VRF; L2VNIs get rd and route targets', () => {
  const text = renderVyosSet(borderWithPeering());
  assertHasLines(text, [
    "set vrf name Vrf1 protocols bgp address-family ipv4-unicast import vrf 'Vrf9'",
    "set vrf name Vrf1 protocols bgp address-family ipv4-unicast route-map vrf import 'weft-Vrf1-import'",
    "set policy route-map weft-Vrf1-import rule 10 action 'permit'",
    "set policy route-map weft-Vrf1-import rule 10 match ip address prefix-list 'weft-leak-blue-internet'",
    "set policy prefix-list weft-leak-blue-internet rule 10 prefix '0.0.0.0/0'",
    "set vrf name Vrf9 protocols bgp address-family ipv4-unicast import vrf 'Vrf1'",
    "set policy prefix-list weft-leak-internet-blue rule 10 prefix '10.1.0.0/24'",
    "set policy prefix-list weft-leak-internet-blue rule 20 prefix '10.1.1.0/24'",
    "set protocols bgp address-family l2vpn-evpn vni 10000 rd '10.0.0.21:1000'",
    "set protocols bgp address-family l2vpn-evpn vni 10000 route-target import '65000:10000'",
    "set protocols bgp address-family l2vpn-evpn vni 10000 route-target export '65000:10000'",
    'set interfaces bridge br20001 member interface vxlan20001',
  ]);
  // VyOS refuses `route-map vpn import` beside `import vrf` at commit (T7157); FRR reads it as a VPN filter
  assert.deepEqual(linesOf(text).filter((line) => line.includes('route-map vpn')), []);
});

test('a prefix list with no prefixes denies everything instead of being left empty', () => {
  const [external] = BORDER_VYOS.vrfs;
  assert.ok(external);
  const neighbors = external.neighbors.map((neighbor) => ({ ...neighbor, prefixesIn: [] }));
  const text = renderVyosSet({ ...BORDER_VYOS, vrfs: [{ ...external, neighbors }] });
  assertHasLines(text, [
    "set policy prefix-list weft-ext-internet-in rule 10 action 'deny'",
    "set policy prefix-list weft-ext-internet-in rule 10 prefix '0.0.0.0/0'",
    "set policy prefix-list weft-ext-internet-in rule 10 le '32'",
  ]);
  assert.ok(!text.includes("weft-ext-internet-in rule 10 action 'permit'"));
});

test('ConfigTemplate output for vyos comes last, after a comment, ordered by template name', () => {
  const lines = linesOf(renderVyosSet(borderWithPeering()));
  const banner = lines.indexOf('# ConfigTemplate banner');
  const ntp = lines.indexOf('# ConfigTemplate ntp');
  assert.ok(banner > 0 && ntp > banner, 'banner before ntp');
  assert.deepEqual(lines.slice(banner + 1, banner + 2), ["set system login banner pre-login 'Weft lab'"]);
  assert.deepEqual(lines.slice(ntp + 1), ['set service ntp server 192.0.2.123', 'set service ntp server 192.0.2.124 prefer', '']);
  assert.ok(!lines.includes('log syslog informational'), 'frr templates are not VyOS lines');
  const lastBgpLine = lines.findLastIndex((line) => line.startsWith('set vrf name'));
  assert.ok(lastBgpLine < banner);
});

test('determinism: shuffled lists give byte-identical output', () => {
  const device = borderWithPeering();
  const expected = renderVyosSet(device);
  for (const seed of [1, 7, 42, 1234]) assert.equal(renderVyosSet(shuffleDevice(device, seed)), expected, `seed ${seed}`);
  assert.equal(renderVyosSet(device), expected);
});

test('injection: a description cannot add a command, whatever it contains', () => {
  const plain = renderVyosSet(withDescriptions(BORDER_VYOS, 'plain text'));
  for (const hostile of [INJECTION, NEWLINE_INJECTION]) {
    const text = renderVyosSet(withDescriptions(BORDER_VYOS, hostile));
    assert.equal(setLines(text).length, setLines(plain).length, 'same number of set lines as with a plain description');
    assert.equal(linesOf(text).length, linesOf(plain).length, 'same number of lines');
    assert.deepEqual(linesOf(text).filter((line) => /^\s*set\s+system\s+login/.test(line)), []);
    for (const line of linesOf(text)) {
      const words = splitVyosCommand(line);
      if (words.length === 0) continue;
      assert.equal(words[0], 'set');
      assert.notDeepEqual(words.slice(1, 3), ['system', 'login'], line);
      // where the hostile text went: one word, the value of a description leaf
      if (line.includes('evil')) assert.equal(words.at(-2), 'description', line);
    }
    assert.ok(text.includes("description 'uplink set system login user evil") || text.includes("description '; set system login user evil"));
  }
});

test('identifiers that are not safe words are programming errors', () => {
  const [external] = BORDER_VYOS.vrfs;
  const [port] = BORDER_VYOS.ports;
  assert.ok(external && port);
  assert.throws(() => renderVyosSet({ ...BORDER_VYOS, vrfs: [{ ...external, name: "Vrf9'; reboot" }] }), VyosRenderError);
  assert.throws(() => renderVyosSet({ ...BORDER_VYOS, ports: [{ ...port, name: 'eth0 vrf x' }] }), VyosRenderError);
  assert.throws(() => renderVyosSet({ ...BORDER_VYOS, name: 'border 1' }), VyosRenderError);
  const neighbors = external.neighbors.map((neighbor) => ({ ...neighbor, policyName: 'x; reboot' }));
  assert.throws(() => renderVyosSet({ ...BORDER_VYOS, vrfs: [{ ...external, neighbors }] }), /invalid VyOS policy name "weft-x; reboot-in"/);
  assert.throws(() => renderVyosSet({ ...BORDER_VYOS, vrfs: [{ ...external, name: 'br0vrf' }] }), /starts like an interface name/);
  assert.throws(() => renderVyosSet(LEAF_EVPN), /leaf1 runs sonic, not VyOS/);
  assert.throws(() => renderVyosSet({ ...BORDER_VYOS, vtep: undefined }), /VRF Vrf9 of border1 has L3VNI 29999 but the device has no VTEP/);
});

test('quoteVyosValue quotes, and refuses what VyOS would reject', () => {
  assert.equal(quoteVyosValue('to spine-1'), "'to spine-1'");
  assert.equal(quoteVyosValue('$(reboot) `x` ; | &'), "'$(reboot) `x` ; | &'");
  assert.throws(() => quoteVyosValue("it's"), VyosRenderError);
  assert.throws(() => quoteVyosValue('say "hi"'), VyosRenderError);
  assert.throws(() => quoteVyosValue('a\nb'), VyosRenderError);
  assert.deepEqual(splitVyosCommand(`set x ${quoteVyosValue('$(reboot) ; #')}`), ['set', 'x', '$(reboot) ; #']);
});

test('sanitizeVyosText drops quotes, backslashes and line breaks, and caps the length', () => {
  assert.equal(sanitizeVyosText("edge router (the 'north' one)"), 'edge router (the north one)');
  assert.equal(sanitizeVyosText('a\nb\r\nc\td\u2028e \\ "f"'), 'a b c d e f');
  assert.equal(sanitizeVyosText('x'.repeat(300)).length, 128);
  assert.equal(sanitizeVyosText('é'.repeat(100)), 'é'.repeat(64), 'the cap counts UTF-8 bytes');
  assert.equal(sanitizeVyosText('  \n '), '');
});

test('splitVyosCommand splits like bash', () => {
  assert.deepEqual(splitVyosCommand("set interfaces ethernet eth0 description 'to spine-1'"), ['set', 'interfaces', 'ethernet', 'eth0', 'description', 'to spine-1']);
  assert.deepEqual(splitVyosCommand('set a "b \\"c\\" \\\\ \\n"'), ['set', 'a', 'b "c" \\ \\n']);
  assert.deepEqual(splitVyosCommand('set a b\\ c\\;'), ['set', 'a', 'b c;']);
  assert.deepEqual(splitVyosCommand(`set a ab'c d'"e f"g`), ['set', 'a', 'abc de fg']);
  assert.deepEqual(splitVyosCommand("set a ''"), ['set', 'a', '']);
  assert.deepEqual(splitVyosCommand('  set\ta   b  '), ['set', 'a', 'b']);
  assert.deepEqual(splitVyosCommand('# a comment'), []);
  assert.deepEqual(splitVyosCommand(''), []);
  assert.deepEqual(splitVyosCommand('set a b # trailing comment'), ['set', 'a', 'b']);
  assert.deepEqual(splitVyosCommand('set a b#c'), ['set', 'a', 'b#c']);
  assert.deepEqual(splitVyosCommand("set a '#not a comment'"), ['set', 'a', '#not a comment']);
  assert.deepEqual(splitVyosCommand("set a '; rm -rf / $(x) `y`'"), ['set', 'a', '; rm -rf / $(x) `y`']);
  assert.deepEqual(splitVyosCommand('set firewall group address-group A address !192.0.2.1'), ['set', 'firewall', 'group', 'address-group', 'A', 'address', '!192.0.2.1']);
});

test('splitVyosCommand refuses what bash would not read as plain words', () => {
  const cases: readonly [string, RegExp][] = [
    ["set a 'open", /unterminated single quote/],
    ['set a "open', /unterminated double quote/],
    ['set a b; reboot', /unquoted shell metacharacter ';'/],
    ['set a b | tee x', /unquoted shell metacharacter '\|'/],
    ['set a b && reboot', /unquoted shell metacharacter '&'/],
    ['set a b > /tmp/x', /unquoted shell metacharacter '>'/],
    ['set a $(reboot)', /unquoted shell metacharacter '\$'/],
    ['set a `reboot`', /unquoted shell metacharacter '`'/],
    ['set a "$(reboot)"', /inside double quotes would be expanded/],
    ['set a "`reboot`"', /inside double quotes would be expanded/],
    ['set a {b,c}', /unquoted shell metacharacter '\{'/],
    ['set a b*', /unquoted shell metacharacter '\*'/],
    ['set a ~root', /unquoted '~'/],
    ['set a b\\', /trailing backslash/],
    ['set a b\nset c d', /single line/],
    ['set a b\r', /single line/],
  ];
  for (const [line, message] of cases) assert.throws(() => splitVyosCommand(line), (error: unknown) => error instanceof VyosSyntaxError && message.test(error.message), line);
});

test('ownership: the paths Weft owns, by subtree and by weft- name prefix', () => {
  assert.equal(vyosPathOwned(['protocols', 'bgp', 'system-as', '65000']), true);
  assert.equal(vyosPathOwned(['set', 'protocols', 'bgp', 'neighbor', 'eth1']), true);
  assert.equal(vyosPathOwned(['delete', 'vrf', 'name', 'red']), true);
  assert.equal(vyosPathOwned(['system', 'host-name', 'x']), true);
  assert.equal(vyosPathOwned(['policy', 'prefix-list', 'weft-ext-in', 'rule', '10']), true);
  assert.equal(vyosPathOwned(['policy', 'route-map', 'weft-Vrf1-import']), true);
  assert.equal(vyosPathOwned(['policy', 'prefix-list', 'MGMT', 'rule', '10']), false);
  assert.equal(vyosPathOwned(['policy', 'prefix-list', 'weft-']), false);
  assert.equal(vyosPathOwned(['system', 'ntp']), false);
  assert.equal(vyosPathOwned(['service', 'ntp', 'server', '192.0.2.1']), false);
  assert.equal(vyosPathOwned(['protocols', 'static', 'route', '0.0.0.0/0']), false);
  assert.equal(vyosPathOwned(['policy']), false);
  assert.equal(vyosPathOverlapsOwned(['delete', 'policy']), true);
  assert.equal(vyosPathOverlapsOwned(['interfaces']), true);
  assert.equal(vyosPathOverlapsOwned(['system']), true);
  assert.equal(vyosPathOverlapsOwned(['policy', 'prefix-list']), true);
  assert.equal(vyosPathOverlapsOwned(['policy', 'prefix-list', 'MGMT']), false);
  assert.equal(vyosPathOverlapsOwned(['service', 'ssh']), false);
  assert.equal(vyosPathOverlapsOwned([]), false);
});

test('ownership: every line Weft renders lies in a path Weft owns', () => {
  const device = { ...borderWithPeering(), templates: [] };
  const outside = setLines(renderVyosSet(device)).filter((line) => !vyosPathOwned(splitVyosCommand(line)));
  assert.deepEqual(outside, []);
});

test('L2VNIs without advertise-all-vni would not commit on VyOS, so they are refused', () => {
  const device = borderWithPeering();
  assert.throws(() => renderVyosSet({ ...device, bgp: { ...device.bgp, advertiseAllVni: false } }), /border1 has L2VNIs but does not advertise all VNIs/);
});
