import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceIntent } from '#domain';
import { renderVyosSet } from '#render-vyos';
import { BORDER_VYOS, REPO_ROOT } from '#testing';
import {
  ConfigTree,
  parseDesired,
  parseRunning,
  planChange,
  planCommands,
  planIsEmpty,
  renderCommand,
  restorePlan,
  summarizePlan,
  weftOwnership,
  type ChangePlan,
  type Command,
  type DesiredConfig,
} from './index.js';

/** What a VyOS router has that is none of Weft's business. */
const FOREIGN = [
  "set interfaces ethernet eth0 hw-id '52:54:00:00:00:10'",
  "set interfaces ethernet eth1 hw-id '52:54:00:00:00:11'",
  "set interfaces ethernet eth1 offload gro",
  "set interfaces ethernet eth2 address '169.254.100.7/24'",
  "set interfaces ethernet eth2 description 'management'",
  "set interfaces ethernet eth2 hw-id '52:54:00:00:00:12'",
  "set interfaces ethernet eth2 vrf 'mgmt'",
  "set interfaces ethernet eth3 hw-id '52:54:00:00:00:13'",
  "set interfaces ethernet eth3 speed 'auto'",
  "set interfaces loopback lo",
  "set policy prefix-list OPS rule 10 action 'permit'",
  "set policy prefix-list OPS rule 10 prefix '198.51.100.0/24'",
  "set protocols bgp neighbor 198.51.100.1 remote-as '64999'",
  "set protocols bgp neighbor 198.51.100.1 address-family ipv4-unicast",
  "set protocols bgp timers keepalive '10'",
  "set protocols static route 0.0.0.0/0 next-hop 169.254.100.1",
  "set service ssh port '22'",
  "set system login user vyos authentication public-keys ops key 'AAAAC3NzaC1lZDI1NTE5AAAAIB'",
  "set system login user vyos authentication public-keys ops type 'ssh-ed25519'",
  "set system time-zone 'UTC'",
  "set vrf name mgmt table '900'",
];

const desiredText = renderVyosSet(BORDER_VYOS);

function desiredOf(text: string): DesiredConfig {
  const { desired, errors } = parseDesired(text);
  assert.deepEqual(errors, []);
  return desired;
}

function running(lines: readonly string[]): ConfigTree {
  const { tree, errors } = parseRunning(lines.join('\n'));
  assert.deepEqual(errors, []);
  return tree;
}

function plan(runningLines: readonly string[], text = desiredText): ChangePlan {
  const desired = desiredOf(text);
  return planChange(running(runningLines), desired, weftOwnership(desired.tree));
}

const lines = (p: ChangePlan): string[] => planCommands(p).map(renderCommand);

/** Applies commands as VyOS would, without its schema: set adds the path, delete removes the node. */
function apply(tree: ConfigTree, commands: readonly Command[]): ConfigTree {
  const next = tree.clone();
  for (const command of commands) {
    if (command.verb === 'set') next.add(command.path.map((text, index) => ({ text, quoted: command.quoted[index] === true })));
    else assert.equal(next.remove(command.path), true, `nothing to delete at ${command.path.join(' ')}`);
  }
  return next;
}

function desiredSetLines(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('set '));
}

test('first apply: every desired line is set, nothing deleted, the foreign configuration untouched', () => {
  const first = plan(FOREIGN);
  assert.deepEqual(first.deletes, []);
  assert.deepEqual([...lines(first)].sort(), [...desiredSetLines(desiredText)].sort());
  assert.equal(first.sets.length, desiredSetLines(desiredText).length);
  const after = apply(running(FOREIGN), planCommands(first));
  for (const command of running(FOREIGN).terminals()) assert.ok(after.has(command.path), `foreign line lost: ${renderCommand(command)}`);
});

test('no-op: a router that already holds the desired state gets an empty plan', () => {
  const current = [...FOREIGN, ...desiredSetLines(desiredText)];
  const second = plan(current);
  assert.equal(planIsEmpty(second), true, lines(second).join('\n'));
  assert.deepEqual(summarizePlan(second), []);
});

test('drift inside owned subtrees is reverted with the smallest commands, deletes first', () => {
  const weft = desiredSetLines(desiredText)
    .map((line) => line.replace("set interfaces ethernet eth3 mtu '1500'", "set interfaces ethernet eth3 mtu '1400'"))
    .filter((line) => line !== "set vrf name Vrf9 description 'default/internet'");
  const drifted = [
    ...FOREIGN,
    ...weft,
    "set interfaces loopback lo address '10.9.9.9/32'",
    "set policy prefix-list weft-rogue rule 10 action 'permit'",
    "set policy prefix-list weft-rogue rule 10 prefix '0.0.0.0/0'",
    "set vrf name Vrf9 protocols bgp address-family l2vpn-evpn route-target import '65000:1'",
    "set interfaces ethernet eth3 address '203.0.113.1/24'",
  ];
  const revert = plan(drifted);
  assert.deepEqual(lines(revert), [
    "delete interfaces ethernet eth3 address '203.0.113.1/24'",
    "delete interfaces ethernet eth3 mtu '1400'",
    "delete interfaces loopback lo address '10.9.9.9/32'",
    'delete policy prefix-list weft-rogue',
    "delete vrf name Vrf9 protocols bgp address-family l2vpn-evpn route-target import '65000:1'",
    "set interfaces ethernet eth3 mtu '1500'",
    "set vrf name Vrf9 description 'default/internet'",
  ]);
  assert.deepEqual(summarizePlan(revert), [
    { op: 'delete', key: "interfaces ethernet eth3 address '203.0.113.1/24'" },
    { op: 'modify', key: 'interfaces ethernet eth3 mtu', detail: "'1400' -> '1500'" },
    { op: 'delete', key: "interfaces loopback lo address '10.9.9.9/32'" },
    { op: 'delete', key: 'policy prefix-list weft-rogue' },
    { op: 'delete', key: "vrf name Vrf9 protocols bgp address-family l2vpn-evpn route-target import '65000:1'" },
    { op: 'set', key: "vrf name Vrf9 description 'default/internet'" },
  ]);
  const fixed = apply(running(drifted), planCommands(revert));
  assert.equal(planIsEmpty(plan(fixed.toCommands())), true);
});

test('foreign configuration and foreign drift are never touched', () => {
  const current = [
    ...FOREIGN,
    ...desiredSetLines(desiredText),
    // what an operator adds outside Weft's subtrees, next to Weft's own parts
    "set interfaces ethernet eth0 offload tso",
    "set interfaces ethernet eth3 vif 100 address '198.51.100.9/24'",
    "set protocols bgp neighbor 198.51.100.2 remote-as '64998'",
    "set protocols bgp peer-group OPS remote-as 'external'",
    "set protocols bgp address-family ipv6-unicast network 2001:db8::/32",
    "set policy route-map OPS-in rule 10 action 'permit'",
    "set vrf name mgmt protocols static route 0.0.0.0/0 next-hop 169.254.100.1",
    "set interfaces vxlan vxlan0 vni '1'",
    "set interfaces bridge br0 member interface eth2",
  ];
  assert.deepEqual(lines(plan(current)), []);
});

test('what Weft owned and no longer wants is deleted at its top node; shared parents stay', () => {
  const earlier: DeviceIntent = {
    ...BORDER_VYOS,
    ports: [...BORDER_VYOS.ports, { name: 'eth5', kind: 'external', description: 'second transit', mtu: 1500, addresses: ['192.0.2.6/30'], unnumbered: false, vrf: 'Vrf7' }],
    vrfs: [
      ...BORDER_VYOS.vrfs,
      {
        name: 'Vrf7',
        tableId: 1007,
        description: 'default/old',
        owner: { external: 'default/old' },
        l3vni: 20007,
        rd: '10.0.0.21:5007',
        routeTargets: { import: ['65000:20007'], export: ['65000:20007'] },
        leaks: [],
        neighbors: [{ address: '192.0.2.5', asn: 64497, description: 'old transit', port: 'eth5', prefixesIn: ['0.0.0.0/0'], prefixesOut: ['10.1.0.0/24'], policyName: 'ext-old' }],
      },
    ],
  };
  const current = [...FOREIGN, "set interfaces ethernet eth5 hw-id '52:54:00:00:00:15'", ...desiredSetLines(renderVyosSet(earlier))];
  const cleanup = plan(current);
  assert.deepEqual(lines(cleanup), [
    "delete interfaces ethernet eth5 vrf 'Vrf7'",
    'delete interfaces vxlan vxlan20007',
    'delete interfaces bridge br20007',
    'delete policy prefix-list weft-ext-old-in',
    'delete policy prefix-list weft-ext-old-out',
    'delete vrf name Vrf7',
  ]);
  const after = apply(running(current), planCommands(cleanup));
  // eth5 is no longer Weft's: its hw-id, address, mtu and description stay, only its Weft VRF goes
  assert.ok(after.has(['interfaces', 'ethernet', 'eth5', 'hw-id']));
  assert.ok(after.has(['interfaces', 'ethernet', 'eth5', 'address', '192.0.2.6/30']));
  assert.ok(!lines(cleanup).some((line) => /^delete interfaces ethernet eth5$/.test(line)));
});

test('ports listed in the options are owned even when the desired state no longer names them', () => {
  const desired = desiredOf(desiredText);
  const current = running([...FOREIGN, ...desiredSetLines(desiredText), "set interfaces ethernet eth5 address '192.0.2.6/30'", "set interfaces ethernet eth5 mtu '1500'"]);
  assert.deepEqual(lines(planChange(current, desired, weftOwnership(desired.tree))), []);
  assert.deepEqual(lines(planChange(current, desired, weftOwnership(desired.tree, { ports: ['eth5'] }))), [
    'delete interfaces ethernet eth5 address',
    'delete interfaces ethernet eth5 mtu',
  ]);
});

test('ConfigTemplate lines outside the owned subtrees are ensured, never removed; their deletes are honoured', () => {
  const text = `${desiredText}set service ntp server 192.0.2.123\ndelete service snmp\ndelete system time-zone\n`;
  const current = [...FOREIGN, ...desiredSetLines(desiredText), "set service ntp server 192.0.2.200", "set service snmp community public authorization 'ro'"];
  assert.deepEqual(lines(plan(current, text)), ['delete service snmp', 'delete system time-zone', 'set service ntp server 192.0.2.123']);
});

test('a leaf Weft sets is replaced even when the old value came from someone else', () => {
  const current = [...FOREIGN, ...desiredSetLines(desiredText).filter((line) => !line.startsWith('set system host-name')), "set system host-name 'vyos'"];
  assert.deepEqual(lines(plan(current)), ["delete system host-name 'vyos'", "set system host-name 'border1'"]);
});

test('the plan is deterministic and independent of the running configuration order', () => {
  const drifted = [...FOREIGN, ...desiredSetLines(desiredText).slice(5), "set policy route-map weft-x rule 10 action 'deny'"];
  const forward = lines(plan(drifted));
  assert.deepEqual(lines(plan(drifted)), forward);
  const backward = lines(plan([...drifted].reverse()));
  assert.deepEqual([...backward].sort(), [...forward].sort());
  const firstSet = forward.findIndex((line) => line.startsWith('set '));
  assert.ok(forward.slice(firstSet).every((line) => line.startsWith('set ')), 'deletes before sets');
});

test('restorePlan undoes a change exactly, deleting new objects whole', () => {
  const before = running([...FOREIGN, ...desiredSetLines(desiredText).filter((line) => !line.includes('Vrf9'))]);
  const desired = desiredOf(desiredText);
  const change = planChange(before, desired, weftOwnership(desired.tree));
  const after = apply(before, planCommands(change));
  assert.equal(planIsEmpty(planChange(after, desired, weftOwnership(desired.tree))), true);
  const undo = restorePlan(before, after, change);
  assert.ok(lines(undo).includes('delete vrf name Vrf9'), lines(undo).join('\n'));
  assert.ok(!lines(undo).some((line) => line.startsWith('delete vrf name Vrf9 ')), 'no line-by-line delete inside the new VRF');
  assert.deepEqual(apply(after, planCommands(undo)).toCommands().sort(), before.toCommands().sort());
});

test('restorePlan after a partial commit puts back only what differs', () => {
  const before = running([...FOREIGN, ...desiredSetLines(desiredText)]);
  const drifted = running([...before.toCommands(), "set policy prefix-list weft-rogue rule 10 action 'deny'"]);
  const desired = desiredOf(desiredText);
  const change = planChange(drifted, desired, weftOwnership(desired.tree));
  assert.deepEqual(lines(change), ['delete policy prefix-list weft-rogue']);
  // nothing was applied: restoring from the unchanged state is empty
  assert.equal(planIsEmpty(restorePlan(drifted, drifted, change)), true);
});

test('every line the renderer writes is owned, except ConfigTemplate output', () => {
  const golden = readFileSync(join(REPO_ROOT, 'test', 'golden', 'cases', 'lab', 'expected', 'border1', 'vyos.set'), 'utf8');
  const withL2: DeviceIntent = {
    ...BORDER_VYOS,
    bgp: { ...BORDER_VYOS.bgp, l2vnis: [{ vni: 10000, vlan: 1000, rd: '10.0.0.21:1000', routeTargets: { import: ['65000:10000'], export: ['65000:10000'] } }] },
  };
  for (const text of [desiredText, renderVyosSet(withL2), golden]) {
    const desired = desiredOf(text);
    const ownership = weftOwnership(desired.tree);
    const templateStart = text.indexOf('# ConfigTemplate');
    const weftPart = templateStart < 0 ? text : text.slice(0, templateStart);
    const unowned = desiredOf(weftPart)
      .tree.terminals()
      .filter((command) => !ownership.owns(command.path))
      .map(renderCommand);
    assert.deepEqual(unowned, [], 'a rendered line outside every ownership rule would never be removed');
    if (templateStart >= 0) {
      const templateLines = desiredOf(text.slice(templateStart)).tree.terminals();
      assert.ok(templateLines.length > 0);
      assert.ok(templateLines.every((command) => !ownership.owns(command.path)), 'template lines are not owned');
    }
  }
});

test('ownership describes itself as path patterns', () => {
  const desired = desiredOf(desiredText);
  const described = weftOwnership(desired.tree).describe();
  assert.ok(described.includes('interfaces ethernet {eth0,eth1,eth3} {address,description,mtu,vrf}'), described.join('\n'));
  assert.ok(described.includes('vrf name Vrf<N>'));
  assert.ok(described.includes('policy prefix-list weft-*'));
  assert.ok(described.includes('protocols bgp neighbor {10.254.1.0,eth0,eth1,eth3}'));
  assert.ok(!described.some((rule) => rule === 'interfaces ethernet' || rule === 'protocols bgp' || rule === 'vrf'), 'no owned parent Weft does not fully own');
});

test('VLAN sub-interfaces: Weft owns the vifs it renders and the Weft VRF of any vif; an operator\'s vif stays theirs', () => {
  const withVif: DeviceIntent = { ...BORDER_VYOS, subInterfaces: [{ port: 'eth3', vlan: 200, description: 'partner', addresses: ['198.51.100.6/30'], vrf: 'Vrf9' }] };
  const text = renderVyosSet(withVif);
  const current = [
    ...FOREIGN,
    ...desiredSetLines(text).filter((line) => !line.includes("vif 200 address '198.51.100.6/30'")),
    "set interfaces ethernet eth3 vif 200 address '203.0.113.9/24'",
    "set interfaces ethernet eth3 vif 100 address '198.51.100.9/24'",
  ];
  assert.deepEqual(lines(plan(current, text)), [
    "delete interfaces ethernet eth3 vif 200 address '203.0.113.9/24'",
    "set interfaces ethernet eth3 vif 200 address '198.51.100.6/30'",
  ]);
  // the attachment is gone: its vif leaves the Weft VRF, the rest of it is left as for a port
  const after = [...FOREIGN, ...desiredSetLines(text)];
  assert.deepEqual(lines(plan(after)), ["delete interfaces ethernet eth3 vif 200 vrf 'Vrf9'"]);
});
