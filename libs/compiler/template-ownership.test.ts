// ConfigTemplates may add configuration Weft does not generate, never change what it does: a
// configdb template that writes a table Weft owns is refused (WF702) and nothing of it reaches
// the switch. Checked through the compiler, on what a user sees: the diagnostics and
// config_db.json. The owned tables are named here, not read from the renderer's list, so a table
// dropped from that list fails this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type CompileResult } from '#compiler';
import { groupResources, parseDocuments, type AnyResource, type ConfigTemplate } from '#domain';
import { parseFileText } from '#loader';

/** dist/libs/compiler/template-ownership.test.js -> the repository root */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Every table Weft writes somewhere in the lab, plus the BGP tables bgpcfgd and frrcfgd read. */
const OWNED = [
  'DEVICE_METADATA',
  'DHCPV4_RELAY',
  'INTERFACE',
  'LOOPBACK_INTERFACE',
  'PORT',
  'PORTCHANNEL',
  'PORTCHANNEL_MEMBER',
  'SAG',
  'VLAN',
  'VLAN_INTERFACE',
  'VLAN_MEMBER',
  'VRF',
  'VXLAN_EVPN_NVO',
  'VXLAN_TUNNEL',
  'VXLAN_TUNNEL_MAP',
  'BGP_GLOBALS',
  'BGP_GLOBALS_AF',
  'BGP_GLOBALS_EVPN_VNI',
  'BGP_NEIGHBOR',
  'BGP_NEIGHBOR_AF',
  'BGP_PEER_GROUP',
  // a BGP table a later SONiC may add: every BGP_* table is Weft's
  'BGP_SOMETHING_NEW',
];

/** Tables a template may write: they are merged into config_db.json. */
const FREE = ['NTP_SERVER', 'SYSLOG_SERVER', 'SNMP_COMMUNITY', 'XBGP_NEIGHBOR', 'MY_BGP_NOTES'];

function lab(): AnyResource[] {
  const files = ['wiring/lab.yaml', ...readdirSync(join(ROOT, 'examples/lab')).filter((f) => f.endsWith('.yaml') && f !== 'templates.yaml').map((f) => `examples/lab/${f}`)];
  const parsed = parseDocuments(files.flatMap((file) => parseFileText(readFileSync(join(ROOT, file), 'utf8'), file).docs));
  assert.deepEqual(parsed.diagnostics, []);
  return parsed.resources;
}

/** A configdb template for leaf2 that writes one entry into `table`. */
function writing(table: string): ConfigTemplate {
  return {
    apiVersion: 'policy.weft.dev/v1alpha1',
    kind: 'ConfigTemplate',
    metadata: { name: `writes-${table.toLowerCase().replaceAll('_', '-')}` },
    spec: { target: 'configdb', selector: { names: ['leaf2'] }, template: JSON.stringify({ [table]: { 'template-probe': { note: 'from a template' } } }) },
  };
}

function tablesOf(result: CompileResult, sw: string): Record<string, Record<string, unknown>> {
  return JSON.parse(result.files.get(`${sw}/config_db.json`) ?? '{}') as Record<string, Record<string, unknown>>;
}

/** Tables shared with the operator's own entries (control-plane ACLs, mirroring): Weft owns its WEFT_* entries there, not the table. */
const SHARED_BY_KEY = ['ACL_TABLE', 'ACL_RULE'];

test('every table Weft writes in the lab is owned: whole, or by its WEFT_ keys in the shared ACL tables', () => {
  const result = compile(groupResources(lab()));
  assert.deepEqual(result.diagnostics, []);
  const configs = [...result.files.keys()].filter((path) => path.endsWith('/config_db.json')).map((path) => tablesOf(result, path.split('/')[0] ?? ''));
  const written = new Set(configs.flatMap((tables) => Object.keys(tables)));
  assert.deepEqual([...written].filter((table) => !OWNED.includes(table) && !SHARED_BY_KEY.includes(table)), []);
  assert.ok(written.size >= 14, [...written].join(' '));
  // the lab's peering gives ACLs, and every entry of theirs is Weft's by name
  assert.ok(written.has('ACL_TABLE') && written.has('ACL_RULE'), [...written].join(' '));
  const aclKeys = configs.flatMap((tables) => SHARED_BY_KEY.flatMap((table) => Object.keys(tables[table] ?? {})));
  assert.deepEqual(aclKeys.filter((key) => !key.startsWith('WEFT_')), []);
});

test('a configdb template writing a table Weft owns is refused with WF702 and nothing of it reaches the switch', () => {
  const result = compile(groupResources([...lab(), ...OWNED.map(writing)]));
  assert.deepEqual(
    result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`),
    OWNED.map((table) => [writing(table).metadata.name, table] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, table]) => `error WF702 ConfigTemplate ${name} spec.template: switch leaf2: the output writes table ${table}, which Weft owns`),
  );
  assert.ok(result.diagnostics.every((d) => d.hint?.includes('a template may add tables Weft does not write') === true));
  // an invalid compile writes no device files, as `weft compile` does
  assert.equal(result.ok, false);
});

test('a configdb template writing tables Weft does not own is merged into config_db.json, on the selected switch only', () => {
  const result = compile(groupResources([...lab(), ...FREE.map(writing)]));
  assert.deepEqual(result.diagnostics, []);
  const leaf2 = tablesOf(result, 'leaf2');
  for (const table of FREE) assert.deepEqual(leaf2[table], { 'template-probe': { note: 'from a template' } }, table);
  const leaf1 = tablesOf(result, 'leaf1');
  for (const table of FREE) assert.equal(leaf1[table], undefined, table);
});

test('one owned table among free ones refuses the template whole', () => {
  const mixed: ConfigTemplate = { ...writing('NTP_SERVER'), spec: { ...writing('NTP_SERVER').spec, template: JSON.stringify({ NTP_SERVER: { '192.0.2.1': {} }, VRF: { Vrf99: {} } }) } };
  const result = compile(groupResources([...lab(), mixed]));
  assert.deepEqual(
    result.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`),
    ['WF702 ConfigTemplate writes-ntp-server spec.template: switch leaf2: the output writes table VRF, which Weft owns'],
  );
});
