// ACL rules the lab cannot enforce, named with every field it does not know.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aclRuleset } from './index.js';

test('a rule with several fields the emulation does not know names them all, and is left out', () => {
  const { ruleset, problems } = aclRuleset([
    { name: 'T', ports: ['Ethernet0'], rules: [{ name: 'R', fields: { PRIORITY: '10', PACKET_ACTION: 'DROP', L4_DST_PORT: '22', L4_SRC_PORT: '1024' } }] },
  ]);
  assert.deepEqual(problems, ['ACL_RULE|T|R: L4_DST_PORT, L4_SRC_PORT not emulated; the rule is left out']);
  assert.equal(ruleset.includes('comment'), false);
});
