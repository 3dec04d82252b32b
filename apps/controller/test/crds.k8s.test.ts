/**
 * The CRDs against a real kube-apiserver: they install, `kubectl get weft` finds every kind,
 * and the same YAML works everywhere: every file of wiring/ and examples/, and every object REST
 * returns (status and the owner annotation included), apply with kubectl unchanged. deploy/
 * passes a server-side dry run. Nothing here runs a controller. This file runs its own control
 * plane: it applies the samples' cluster-wide names (leaf1, ...) unchanged, which the controller
 * tests use too, and their webhook would then judge these objects as well.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startTestService, type TestService } from '../../api/test/support/service.js';
import { REPO_ROOT, installCrds, kubectl, kubectlOk, privateControlPlane, yamlFile, type ControlPlane } from './support/kube.js';

const env = await privateControlPlane();
const skip = env.skip;
const ADMIN = 'crd-test-admin-token-0123';
let plane: ControlPlane;

before(async () => {
  if (env.plane === undefined) return;
  plane = env.plane;
  await installCrds(plane);
  // the examples' namespaces, for real: a server-side dry run of a Namespace creates nothing
  await kubectlOk(plane, ['apply', '-f', 'examples/lab/00-namespaces.yaml', '-f', 'examples/trunk/00-namespaces.yaml']);
});

test('every kind is installed, in category weft, with a status subresource; VPCs have a short name', { skip }, async () => {
  const resources = await kubectlOk(plane, ['api-resources', '--categories=weft', '-o', 'name']);
  assert.deepEqual(resources.trim().split('\n').sort(), [
    'agents.agent.weft.dev',
    'configtemplates.policy.weft.dev',
    'connections.wiring.weft.dev',
    'externalattachments.vpc.weft.dev',
    'externalpeerings.vpc.weft.dev',
    'externals.vpc.weft.dev',
    'fabricpolicies.policy.weft.dev',
    'servers.wiring.weft.dev',
    'switches.wiring.weft.dev',
    'vpcattachments.vpc.weft.dev',
    'vpcpeerings.vpc.weft.dev',
    'vpcs.vpc.weft.dev',
  ]);
  const wide = await kubectlOk(plane, ['api-resources', '--api-group=vpc.weft.dev']);
  assert.match(wide, /^vpcs\s+wvpc\s+vpc\.weft\.dev\/v1alpha1\s+true\s+VPC$/m);
  const subresources = JSON.parse(await kubectlOk(plane, ['get', 'crd', '-o', 'json'])) as { items: { metadata: { name: string }; spec: { versions: { subresources?: { status?: object } }[] } }[] };
  const weft = subresources.items.filter((crd) => crd.metadata.name.includes('.weft.dev'));
  assert.equal(weft.length, 12);
  for (const crd of weft) assert.ok(crd.spec.versions[0]?.subresources?.status !== undefined, `${crd.metadata.name} has a status subresource`);
});

test('every file of wiring/ and examples/lab, examples/trunk applies with kubectl unchanged', { skip }, async () => {
  const files = [
    ...readdirSync(`${REPO_ROOT}/wiring`).filter((f) => f.endsWith('.yaml')).map((f) => `wiring/${f}`),
    'examples/lab',
    'examples/trunk',
  ];
  for (const file of files) {
    const r = await kubectl(plane, ['apply', '--dry-run=server', '-f', file]);
    assert.equal(r.status, 0, `${file}: ${r.stderr}`);
    assert.match(r.stdout, /(created|configured|unchanged) \(server dry run\)/);
  }
});

test('examples/invalid: the schema mistakes are refused by the apiserver, naming the field; the cross-object ones need Weft', { skip }, async () => {
  const badCidr = await kubectl(plane, ['apply', '--dry-run=server', '-f', 'examples/invalid/bad-cidr.yaml']);
  assert.notEqual(badCidr.status, 0);
  assert.match(badCidr.stderr, /spec\.subnets\.web\.cidr: Invalid value: "10\.60\.1\.0\/33"/);
  assert.match(badCidr.stderr, /10\.60\.1\.0\/33 is not an IPv4 prefix such as 10\.1\.0\.0\/24/);
  const vlan = await kubectl(plane, ['apply', '--dry-run=server', '-f', 'examples/invalid/vlan-in-vpc.yaml']);
  assert.notEqual(vlan.status, 0);
  assert.match(vlan.stderr, /unknown field "spec\.subnets\.web\.vlan"/);
  const gateway = await kubectl(plane, ['apply', '--dry-run=server', '-f', 'examples/invalid/gateway-outside.yaml']);
  assert.notEqual(gateway.status, 0, 'a CEL rule checks the gateway against the CIDR');
  assert.match(gateway.stderr, /the gateway is not an address of the cidr/);
  for (const file of ['missing-connection.yaml', 'port-used-twice.yaml']) {
    const r = await kubectl(plane, ['apply', '--dry-run=server', '-f', `examples/invalid/${file}`]);
    assert.equal(r.status, 0, `${file} is well-formed; only the admission webhook sees its mistake: ${r.stderr}`);
  }
  const peerSelf = await kubectl(plane, ['apply', '--dry-run=server', '-f', '-'], JSON.stringify({ apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPCPeering', metadata: { name: 'self', namespace: 'default' }, spec: { vpcs: ['blue', 'blue'] } }));
  assert.match(peerSelf.stderr, /a VPC cannot peer with itself/);
  const twoTypes = await kubectl(plane, ['apply', '--dry-run=server', '-f', '-'], JSON.stringify({ apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Connection', metadata: { name: 'both' }, spec: { unbundled: { server: 's/eth0', switch: 'l/Ethernet0' }, trunk: { links: ['a/e1', 'b/e1'] } } }));
  assert.match(twoTypes.stderr, /exactly one of fabric, unbundled, bundled, external, trunk, eslag must be set/);
});

let service: TestService | undefined;
after(async () => {
  await service?.stop();
});

test('every object REST returns (status, owner annotation) applies with kubectl unchanged', { skip }, async () => {
  service = await startTestService(ADMIN);
  const collections = ['switches', 'servers', 'connections', 'fabric-policies', 'config-templates', 'vpcs', 'vpc-attachments', 'vpc-peerings', 'externals', 'external-attachments', 'external-peerings'];
  const objects: unknown[] = [];
  for (const collection of collections) {
    const response = await fetch(`${service.service.url}/api/v1/${collection}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const list = (await response.json()) as { items: { kind: string; metadata: { name: string; annotations?: Record<string, string> }; status?: unknown }[] };
    assert.ok(list.items.length > 0, collection);
    for (const item of list.items) {
      assert.ok(item.status !== undefined, `${item.kind} ${item.metadata.name} has a status over REST`);
      assert.equal(item.metadata.annotations?.['weft.dev/owner'], 'api');
      objects.push(item);
    }
  }
  assert.ok(objects.length >= 40, `${objects.length} objects`);
  const r = await kubectl(plane, ['apply', '--dry-run=server', '-f', yamlFile(objects)]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.match(/\(server dry run\)/g)?.length, objects.length, r.stdout);
});

test('deploy/ passes a server-side dry run (kubectl apply -k)', { skip }, async () => {
  // as an installer would: the namespace first (a dry run of it creates nothing to put objects in)
  await kubectlOk(plane, ['apply', '-f', 'deploy/namespace.yaml']);
  const r = await kubectl(plane, ['apply', '--dry-run=server', '-k', 'deploy/']);
  assert.equal(r.status, 0, r.stderr);
  for (const what of ['namespace/weft-system', 'clusterrole.rbac.authorization.k8s.io/weft-controller', 'deployment.apps/weft', 'service/weft-webhook', 'validatingwebhookconfiguration.admissionregistration.k8s.io/weft', 'deployment.apps/weft-agent-leaf1']) {
    assert.match(r.stdout, new RegExp(`${what.replaceAll('.', '\\.')} (created|configured|unchanged) \\(server dry run\\)`));
  }
});
