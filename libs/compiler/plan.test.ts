// The plan a user reads before applying (`weft plan`, and the service's dry runs): per device,
// which files are added, removed or changed, CONFIG_DB entry by entry and text line by line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeConfigDb, type ConfigDb } from '#render-sonic';
import { REPO_ROOT } from '#testing';
import { formatPlan, planFiles } from './index.js';
import { diffConfigDb, diffLines } from './plan.js';

const files = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries));

test('diffLines prints only the lines that changed, a removed line before the one replacing it, around a common head and tail', () => {
  assert.deepEqual(diffLines('a\nb\nc', 'a\nb\nc'), []);
  assert.deepEqual(diffLines('a\nb\nc', 'a\nx\nc'), ['- b', '+ x']);
  assert.deepEqual(diffLines('a\nc', 'a\nb\nc'), ['+ b']);
  assert.deepEqual(diffLines('a\nb\nc', 'a\nc'), ['- b']);
  assert.deepEqual(diffLines('x\na\nb', 'a\nb\ny'), ['- x', '+ y']);
  assert.deepEqual(diffLines('', 'a\nb'), ['- ', '+ a', '+ b']);
  assert.deepEqual(diffLines('a\nb', ''), ['- a', '- b', '+ ']);
});

test('diffLines keeps the longest common run of lines and reports the rest', () => {
  // a moved block: the longer common run (b c d) stays, the moved line shows as removed and added
  assert.deepEqual(diffLines('a\nb\nc\nd\ne', 'b\nc\nd\na\ne'), ['- a', '+ a']);
  assert.deepEqual(diffLines('router bgp 1\n neighbor x\n neighbor y\nexit', 'router bgp 1\n neighbor y\n neighbor z\nexit'), ['-  neighbor x', '+  neighbor z']);
  assert.deepEqual(diffLines('1\n2\n3\n4', '4\n3\n2\n1'), ['- 1', '- 2', '- 3', '+ 3', '+ 2', '+ 1']);
});

test('diffConfigDb: entries added and removed whole, fields changed one by one, tables and keys in order', () => {
  const before = JSON.stringify({
    VLAN: { Vlan1000: { vlanid: '1000', mtu: '9000' }, Vlan1001: { vlanid: '1001' } },
    VRF: { Vrf1: { vni: '10000' } },
  });
  const after = JSON.stringify({
    VLAN: { Vlan1000: { vlanid: '1000', mtu: '9100', description: 'blue' }, Vlan1002: { vlanid: '1002' } },
    VLAN_MEMBER: { 'Vlan1002|Ethernet4': { tagging_mode: 'untagged' } },
    VRF: { Vrf1: { vni: '10000' } },
  });
  assert.deepEqual(diffConfigDb(before, after), [
    '~ VLAN|Vlan1000 description: (unset) -> blue',
    '~ VLAN|Vlan1000 mtu: 9000 -> 9100',
    '- VLAN|Vlan1001',
    '+ VLAN|Vlan1002 {"vlanid":"1002"}',
    '+ VLAN_MEMBER|Vlan1002|Ethernet4 {"tagging_mode":"untagged"}',
  ]);
  assert.deepEqual(diffConfigDb(after, before).slice(0, 2), ['~ VLAN|Vlan1000 description: blue -> (unset)', '~ VLAN|Vlan1000 mtu: 9100 -> 9000']);
  // a list field is shown as JSON, keys in natural order
  assert.deepEqual(diffConfigDb('{"PORT":{"Ethernet10":{"x":["a"]},"Ethernet9":{"x":["a"]}}}', '{"PORT":{"Ethernet10":{"x":["b"]},"Ethernet9":{"x":["b"]}}}'), [
    '~ PORT|Ethernet9 x: ["a"] -> ["b"]',
    '~ PORT|Ethernet10 x: ["a"] -> ["b"]',
  ]);
  // a file that is not JSON (or not an object) compares as empty
  assert.deepEqual(diffConfigDb('not json', '{"VRF":{"Vrf1":{}}}'), ['+ VRF|Vrf1 {}']);
  assert.deepEqual(diffConfigDb('null', '{"VRF":{"Vrf1":{}}}'), ['+ VRF|Vrf1 {}']);
});

test('planFiles: per device in natural order, each file added, removed or changed; unchanged files and devices left out', () => {
  const before = files({
    'leaf1/config_db.json': '{"VRF":{"Vrf1":{}}}',
    'leaf1/frr.conf': 'a\nb\n',
    'leaf10/frr.conf': 'x\n',
    'leaf2/frr.conf': 'same\n',
    'leaf3/frr.conf': 'gone\n',
  });
  const after = files({
    'leaf1/config_db.json': '{"VRF":{"Vrf1":{},"Vrf2":{}}}',
    'leaf1/frr.conf': 'a\nc\n',
    'leaf10/frr.conf': 'x\n',
    'leaf2/frr.conf': 'same\n',
    'leaf4/frr.conf': 'new\n',
  });
  assert.deepEqual(planFiles(before, after), [
    {
      device: 'leaf1',
      files: [
        { file: 'config_db.json', change: 'changed', lines: ['+ VRF|Vrf2 {}'] },
        { file: 'frr.conf', change: 'changed', lines: ['- b', '+ c'] },
      ],
    },
    { device: 'leaf3', files: [{ file: 'frr.conf', change: 'removed', lines: ['- gone'] }] },
    { device: 'leaf4', files: [{ file: 'frr.conf', change: 'added', lines: ['+ new'] }] },
  ]);
  assert.deepEqual(planFiles(before, before), []);
});

test('formatPlan: the text weft plan prints', () => {
  const plans = planFiles(files({ 'leaf1/frr.conf': 'a\n', 'leaf2/frr.conf': 'x\n' }), files({ 'leaf1/frr.conf': 'b\n', 'leaf2/frr.conf': 'x\ny\n' }));
  assert.equal(
    formatPlan(plans),
    [
      'leaf1:',
      '  frr.conf (changed, 2 lines)',
      '    - a',
      '    + b',
      'leaf2:',
      '  frr.conf (changed, 1 line)',
      '    + y',
      'Plan: 2 devices change, 3 lines in all.',
      '',
    ].join('\n'),
  );
  assert.equal(formatPlan(planFiles(files({ 'leaf1/frr.conf': 'a' }), files({ 'leaf1/frr.conf': 'b' }))), 'leaf1:\n  frr.conf (changed, 2 lines)\n    - a\n    + b\nPlan: 1 device change, 2 lines in all.\n');
  assert.equal(formatPlan(planFiles(files({ 'leaf1/frr.conf': 'a\nb' }), files({ 'leaf1/frr.conf': 'a' }))), 'leaf1:\n  frr.conf (changed, 1 line)\n    - b\nPlan: 1 device change, 1 line in all.\n');
  assert.equal(formatPlan([]), 'No changes: every device is up to date.\n');
});

test('diffConfigDb reads a config_db.json as Weft writes it table by table and entry by entry: the same lines as parsing it whole', () => {
  // every golden leaf, against itself with entries added, removed and changed, including keys with
  // a quote and a backslash, leaf-lists and empty tables; the compact form of the same JSON is
  // parsed whole, so the two paths are compared on the same change
  const root = join(REPO_ROOT, 'test/golden/cases');
  const texts = readdirSync(root).flatMap((c) => {
    const dir = join(root, c, 'expected');
    return existsSync(dir) ? readdirSync(dir).filter((d) => existsSync(join(dir, d, 'config_db.json'))).map((d) => readFileSync(join(dir, d, 'config_db.json'), 'utf8')) : [];
  });
  assert.ok(texts.length >= 20, `golden config_db.json files: ${texts.length}`);
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let compared = 0;
  for (const text of texts) {
    const db = JSON.parse(text) as ConfigDb;
    for (let round = 0; round < 5; round++) {
      const next = structuredClone(db);
      const tables = Object.keys(next);
      const table = tables[random(tables.length)] ?? 'VLAN';
      const entries = next[table] ?? {};
      const keys = Object.keys(entries);
      const key = keys[random(keys.length)];
      if (key !== undefined && round % 3 === 0) next[table] = Object.fromEntries(Object.entries(entries).filter(([k]) => k !== key));
      if (key !== undefined && round % 3 === 1) entries[key] = { ...entries[key], mtu: String(random(9000)), gone: ['a', 'b'] };
      if (round % 3 === 2) next[table] = { ...entries, [`Ethernet${random(99)}|"odd\\key"`]: { x: 'y' } };
      if (round === 4) next.EMPTY = {};
      const [before, after] = [serializeConfigDb(db), serializeConfigDb(next)];
      const expected = diffConfigDb(JSON.stringify(db), JSON.stringify(next));
      assert.deepEqual(diffConfigDb(before, after), expected);
      assert.deepEqual(diffConfigDb(after, before), diffConfigDb(JSON.stringify(next), JSON.stringify(db)));
      assert.ok(round === 4 || expected.length > 0 || key === undefined, 'each change shows');
      compared++;
    }
  }
  assert.ok(compared >= 100);
});

test('diffConfigDb leaves unchanged entries unread: an entry that is the same text on both sides is never parsed', () => {
  const db: ConfigDb = { VLAN: { Vlan1000: { vlanid: '1000' }, Vlan1001: { vlanid: '1001' } }, VRF: { Vrf1: { vni: '10' } } };
  const next: ConfigDb = { ...db, VRF: { Vrf1: { vni: '11' } } };
  // the same unparseable text stands for Vlan1001 on both sides: parsed whole, neither file would read
  const spoil = (text: string): string => text.replace('"vlanid": "1001"', '"vlanid": 1001 oops');
  assert.deepEqual(diffConfigDb(spoil(serializeConfigDb(db)), spoil(serializeConfigDb(next))), ['~ VRF|Vrf1 vni: 10 -> 11']);
});
