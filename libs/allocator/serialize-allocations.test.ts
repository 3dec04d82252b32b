// allocations.json as written: keys sorted at every depth, so the same allocations give the
// same bytes, and whatever an earlier file carried (a null, a list) is written back as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllocations, serializeAllocations } from '#allocator';

test('an earlier switch entry with a null and a list is written back as it was, keys sorted', () => {
  const parsed = parseAllocations({ version: 1, generation: 3, switches: { leaf1: { vlans: null, portChannels: [7, 'x'], asn: 65101 } } }, 'old.json');
  assert.ok(parsed.allocations);
  assert.equal(
    serializeAllocations(parsed.allocations),
    `${JSON.stringify(
      {
        externals: {},
        generation: 3,
        links: {},
        quarantine: [],
        switches: { leaf1: { asn: 65101, portChannels: [7, 'x'], vlans: null } },
        version: 1,
        vpcs: {},
      },
      null,
      2,
    )}\n`,
  );
});
