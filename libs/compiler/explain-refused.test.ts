// `weft explain` of a VPC the compile refused: what it is (tenant, policy) and its problems and
// those of what refers to it, with no isolation, numbers, subnets or switches made up; and of
// objects that do not exist: nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainConnection, explainSwitch, explainVpc } from '#compiler';
import { attach, resourceSet, smallFabric, vpc } from '../../test/support/builders.js';

test('a refused VPC is explained by its problems only; unknown objects are not explained', () => {
  const result = compile(resourceSet(smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }), vpc('default', 'bad', 'acme', { web: '10.1.1.1/24' }), attach('default', 'b1', 'bad/web', 'server1--leaf1')));
  assert.deepEqual(explainVpc(result, 'default/bad'), {
    vpc: 'default/bad',
    tenant: 'acme',
    policy: '(defaults)',
    trace: [],
    subnets: [],
    transitVlans: {},
    attachments: [],
    peerings: [],
    externalPeerings: [],
    inside: [],
    multihoming: [],
    switches: [],
    diagnostics: [
      { code: 'WF300', severity: 'error', path: 'VPC default/bad spec.subnets.web.cidr', message: '10.1.1.1/24 has host bits set', hint: 'did you mean 10.1.1.0/24?' },
      { code: 'WF305', severity: 'error', path: 'VPCAttachment default/b1 spec.subnet', message: 'no valid VPC default/bad (a VPCAttachment refers to a VPC of its own namespace)' },
    ],
  });
  assert.equal(explainVpc(result, 'default/none'), undefined);
  assert.equal(explainSwitch(result, 'leaf9'), undefined);
  assert.equal(explainConnection(result, 'nope'), undefined);
});
