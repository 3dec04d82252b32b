// A renderer that refuses a switch's intent (here a name no device file can carry, which only
// input that skipped the parser has) becomes an error on that switch, and the switch gets no
// files at all: not the config_db.json of a SONiC switch whose frr.conf could not be written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '#compiler';
import { conn, resourceSet, smallFabric, sw } from '../../test/support/builders.js';

const PORT = { sonic: 'Ethernet0', frr: 'eth1', vyos: 'eth1' } as const;

test('a switch its renderer refuses is an error on that switch, with none of its files', () => {
  const messages = {
    vyos: 'cannot render vyos configuration: invalid VyOS host name "border 1": letters, digits, hyphens and dots, 2 to 63 characters',
    frr: 'cannot render frr configuration: hostname "border 1" is not safe to write into frr.conf',
    sonic: 'cannot render sonic configuration: hostname "border 1" is not safe to write into frr.conf',
  };
  for (const os of ['vyos', 'frr', 'sonic'] as const) {
    const result = compile(resourceSet(smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }), sw('border 1', 'border', os), conn.fabric('spine1--border', 'spine1/Ethernet60', `border 1/${PORT[os]}`)));
    assert.deepEqual(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`), [`error WF208 Switch border 1: ${messages[os]}`], os);
    assert.deepEqual([...result.files.keys()].filter((file) => file.startsWith('border 1/')), [], os);
    assert.ok(result.files.has('leaf1/config_db.json'), os);
  }
});
