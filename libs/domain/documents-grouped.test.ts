// Reading a list of documents: nulls among them, cluster-wide objects named twice, and every kind
// landing in its own bucket of the compile's input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupResources, parseDocuments, type AnyResource } from './index.js';

const WIRING = 'wiring.weft.dev/v1alpha1';
const VPC = 'vpc.weft.dev/v1alpha1';
const POLICY = 'policy.weft.dev/v1alpha1';

test('a null or empty document is reported where it is, and the others are still read', () => {
  const parsed = parseDocuments([{ value: null, source: 'a.yaml:1' }, { value: undefined, source: 'a.yaml:3' }, { value: { apiVersion: WIRING, kind: 'Server', metadata: { name: 'server1' }, spec: {} } }]);
  assert.deepEqual(
    parsed.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`),
    ['WF101 a.yaml:1: expected a resource object (apiVersion, kind, metadata, spec), got null', 'WF101 a.yaml:3: expected a resource object (apiVersion, kind, metadata, spec), got undefined'],
  );
  assert.deepEqual(parsed.resources.map((r) => r.metadata.name), ['server1']);
});

test('a cluster-wide object named twice is reported by kind and name alone', () => {
  const leaf = { apiVersion: WIRING, kind: 'Switch', metadata: { name: 'leaf1' }, spec: { role: 'leaf', os: 'sonic' } };
  const parsed = parseDocuments([
    { value: leaf, source: 'w.yaml:1' },
    { value: leaf, source: 'w.yaml:9' },
    // the same name in another kind is no clash
    { value: { apiVersion: WIRING, kind: 'Server', metadata: { name: 'leaf1' }, spec: {} } },
  ]);
  assert.deepEqual(
    parsed.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message} @${d.source ?? ''}`),
    ['WF104 Switch leaf1: defined twice; first at w.yaml:1 @w.yaml:9'],
  );
  assert.deepEqual(parsed.resources.map((r) => `${r.kind} ${r.metadata.name}`), ['Switch leaf1', 'Server leaf1']);
});

test('every kind lands in its own bucket; Agents in none', () => {
  const make = (apiVersion: string, kind: string, namespaced: boolean): AnyResource =>
    ({ apiVersion, kind, metadata: { name: kind.toLowerCase(), ...(namespaced ? { namespace: 'default' } : {}) }, spec: {} }) as unknown as AnyResource;
  const set = groupResources([
    make(WIRING, 'Switch', false),
    make(WIRING, 'Server', false),
    make(WIRING, 'Connection', false),
    make(POLICY, 'FabricPolicy', false),
    make(POLICY, 'ConfigTemplate', false),
    make(VPC, 'VPC', true),
    make(VPC, 'VPCAttachment', true),
    make(VPC, 'VPCPeering', true),
    make(VPC, 'External', true),
    make(VPC, 'ExternalAttachment', true),
    make(VPC, 'ExternalPeering', true),
    make('agent.weft.dev/v1alpha1', 'Agent', false),
  ]);
  assert.deepEqual(Object.fromEntries(Object.entries(set).map(([bucket, list]: [string, readonly AnyResource[]]) => [bucket, list.map((r) => r.kind)])), {
    switches: ['Switch'],
    servers: ['Server'],
    connections: ['Connection'],
    policies: ['FabricPolicy'],
    templates: ['ConfigTemplate'],
    vpcs: ['VPC'],
    attachments: ['VPCAttachment'],
    peerings: ['VPCPeering'],
    externals: ['External'],
    externalAttachments: ['ExternalAttachment'],
    externalPeerings: ['ExternalPeering'],
  });
});
