import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { Type } from '@sinclair/typebox';
import { CONNECTION_TYPES, IPV4_CIDR_PATTERN, RESOURCE_DEFINITIONS, SUBNET_NAME_PATTERN, findResourceDefinitionByKind, type ResourceDefinition } from '#api';
import { GENERATED_HEADER, crdName, keyPatternRule, renderCrd, toKubernetesSchema } from './index.js';

type Node = Record<string, unknown>;

function asNode(value: unknown, what: string): Node {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${what} is not a mapping`);
  return value as Node;
}

function definition(kind: string): ResourceDefinition {
  const found = findResourceDefinitionByKind(kind);
  assert.ok(found, `no definition for ${kind}`);
  return found;
}

/** The parsed CRD and its single version, as kubectl would read the file. */
function parsedCrd(kind: string) {
  const crd = asNode(load(renderCrd(definition(kind))), 'CRD');
  const spec = asNode(crd.spec, 'spec');
  const versions = spec.versions as unknown[];
  assert.equal(versions.length, 1);
  const version = asNode(versions[0], 'versions[0]');
  const root = asNode(asNode(version.schema, 'schema').openAPIV3Schema, 'openAPIV3Schema');
  return { crd, spec, version, root };
}

/** Walks a schema the way the apiserver's structural check does; returns every violation. */
function structuralProblems(node: Node, path: string): string[] {
  const problems: string[] = [];
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true || node['x-kubernetes-int-or-string'] === true;
  if (typeof node.type !== 'string' && !preserve) problems.push(`${path}: no type`);
  if (node.properties !== undefined && node.additionalProperties !== undefined) {
    problems.push(`${path}: additionalProperties beside properties`);
  }
  if (node.additionalProperties !== undefined && typeof node.additionalProperties !== 'object') {
    problems.push(`${path}: additionalProperties must be a schema, found ${JSON.stringify(node.additionalProperties)}`);
  }
  for (const keyword of ['patternProperties', 'const', '$ref', 'definitions']) {
    if (node[keyword] !== undefined) problems.push(`${path}: ${keyword} is not allowed in a CRD schema`);
  }
  if (node.uniqueItems === true) problems.push(`${path}: uniqueItems: true is forbidden`);
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    const members = node[keyword];
    if (Array.isArray(members) && members.some((member) => typeof asNode(member, keyword).type === 'string')) {
      problems.push(`${path}: ${keyword} with types inside`);
    }
  }
  const properties = node.properties === undefined ? {} : asNode(node.properties, `${path}.properties`);
  for (const [name, child] of Object.entries(properties)) {
    problems.push(...structuralProblems(asNode(child, name), path === '' ? name : `${path}.${name}`));
  }
  if (typeof node.additionalProperties === 'object') problems.push(...structuralProblems(asNode(node.additionalProperties, 'map'), `${path}.*`));
  if (node.items !== undefined) problems.push(...structuralProblems(asNode(node.items, 'items'), `${path}[]`));
  return problems;
}

/** Every mapping of the document has its keys in sorted order (the output is canonical). */
function unsortedMappings(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => unsortedMappings(item, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  const keys = Object.keys(value);
  const own = keys.join(',') === [...keys].sort().join(',') ? [] : [path];
  return [...own, ...keys.flatMap((key) => unsortedMappings((value as Node)[key], `${path}.${key}`))];
}

/** Follows `.spec.a.b[...]` through properties/additionalProperties/items; false when a step is unknown. */
function jsonPathExists(root: Node, jsonPath: string): boolean {
  const steps = jsonPath.replace(/\[[^\]]*\]/g, '').split('.').slice(1);
  let node: Node = root;
  for (const step of steps) {
    while (node.type === 'array') node = asNode(node.items, 'items');
    if (step === 'metadata' && node === root) return true;
    const properties = node.properties === undefined ? undefined : asNode(node.properties, 'properties');
    const next = properties?.[step];
    if (next === undefined) return false;
    node = asNode(next, step);
  }
  return true;
}

for (const resource of RESOURCE_DEFINITIONS) {
  test(`CRD ${crdName(resource)} is a structural apiextensions.k8s.io/v1 CRD`, () => {
    const text = renderCrd(resource);
    assert.ok(text.startsWith(GENERATED_HEADER), 'starts with the generated-file header');
    const { crd, spec, version, root } = parsedCrd(resource.kind);
    assert.equal(crd.apiVersion, 'apiextensions.k8s.io/v1');
    assert.equal(crd.kind, 'CustomResourceDefinition');
    assert.deepEqual(crd.metadata, { name: `${resource.plural}.${resource.group}` });
    assert.equal(spec.group, resource.group);
    assert.equal(spec.scope, resource.scope);
    const names = asNode(spec.names, 'names');
    assert.equal(names.kind, resource.kind);
    assert.equal(names.plural, resource.plural);
    assert.equal(names.singular, resource.singular);
    assert.deepEqual(names.categories, ['weft', `weft-${resource.group.split('.')[0] ?? ''}`], 'kubectl get weft, and weft-<group>');
    assert.equal(version.name, 'v1alpha1');
    assert.equal(version.served, true);
    assert.equal(version.storage, true);
    assert.deepEqual(version.subresources, { status: {} }, 'every kind has a status (REST returns one), written through its subresource');

    assert.equal(root.type, 'object');
    assert.deepEqual(root.required, ['spec']);
    const properties = asNode(root.properties, 'root properties');
    const envelope = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
    assert.deepEqual(Object.keys(properties).sort(), envelope.sort());
    assert.deepEqual(properties.metadata, { type: 'object' }, 'metadata is `type: object` and nothing else');
    assert.deepEqual(structuralProblems(root, ''), []);
    assert.deepEqual(unsortedMappings(crd, ''), []);

    for (const column of version.additionalPrinterColumns as Node[]) {
      const jsonPath = String(column.jsonPath);
      assert.ok(jsonPath.startsWith('.'), `printer column ${String(column.name)}: jsonPath ${jsonPath} must start with "."`);
      assert.ok(jsonPathExists(root, jsonPath), `printer column ${String(column.name)}: ${jsonPath} is not a field of the schema`);
    }
  });
}

test('the VPC CRD is namespaced, has a status subresource and shows tenant, isolation and VNI', () => {
  const { spec, version } = parsedCrd('VPC');
  assert.equal(spec.scope, 'Namespaced');
  assert.deepEqual(version.subresources, { status: {} });
  const columns = (version.additionalPrinterColumns as Node[]).map((column) => [column.name, column.type, column.jsonPath]);
  assert.deepEqual(columns.slice(0, 4), [
    ['Tenant', 'string', '.spec.tenant'],
    ['Isolation', 'string', '.status.isolation'],
    ['VRF', 'string', '.status.vrf'],
    ['VNI', 'integer', '.status.vni'],
  ]);
  assert.equal(columns.filter(([name]) => name === 'Age').length, 1, 'the declared Age column is not doubled');
});

test('VPC spec.subnets is a map of subnets, with the CIDR pattern on cidr and the key pattern as a CEL rule', () => {
  const { root } = parsedCrd('VPC');
  const spec = asNode(asNode(root.properties, 'properties').spec, 'spec');
  assert.deepEqual(spec.required, ['subnets', 'tenant']);
  const subnets = asNode(asNode(spec.properties, 'spec properties').subnets, 'subnets');
  assert.equal(subnets.type, 'object');
  assert.equal(subnets.properties, undefined);
  assert.equal(subnets.minProperties, 1);
  assert.equal(subnets.maxProperties, 256);
  assert.deepEqual(subnets['x-kubernetes-validations'], [
    { rule: `self.all(key, key.matches('${SUBNET_NAME_PATTERN}'))`, message: `every key must match ${SUBNET_NAME_PATTERN}` },
  ]);
  const subnet = asNode(subnets.additionalProperties, 'subnet');
  assert.equal(subnet.type, 'object');
  assert.deepEqual(subnet.required, ['cidr']);
  assert.equal(subnet.additionalProperties, undefined, 'additionalProperties: false is dropped (pruning removes unknown fields)');
  const cidr = asNode(asNode(subnet.properties, 'subnet properties').cidr, 'cidr');
  assert.deepEqual(cidr, {
    description: 'an IPv4 prefix such as 10.1.0.0/24',
    type: 'string',
    maxLength: 18,
    pattern: IPV4_CIDR_PATTERN,
    'x-kubernetes-validations': [{ rule: 'isCIDR(self) && cidr(self).ip().family() == 4', messageExpression: "self + ' is not an IPv4 prefix such as 10.1.0.0/24'" }],
  });
  const rules = (subnet['x-kubernetes-validations'] as Node[]).map((rule) => rule.rule);
  assert.deepEqual(rules, [
    '!isCIDR(self.cidr) || cidr(self.cidr).masked() == cidr(self.cidr)',
    '!has(self.gateway) || !isCIDR(self.cidr) || !isIP(self.gateway) || cidr(self.cidr).containsIP(self.gateway)',
    '!has(self.dhcp) || !has(self.dhcp.start) || !has(self.dhcp.end) || !isCIDR(self.cidr) || !isIP(self.dhcp.start) || !isIP(self.dhcp.end) || (cidr(self.cidr).containsIP(self.dhcp.start) && cidr(self.cidr).containsIP(self.dhcp.end))',
    '!has(self.dhcp) || !has(self.dhcp.range) || !isCIDR(self.cidr) || !isIP(self.dhcp.range.start) || !isIP(self.dhcp.range.end) || (cidr(self.cidr).containsIP(self.dhcp.range.start) && cidr(self.cidr).containsIP(self.dhcp.range.end))',
    '!has(self.dhcp) || !has(self.dhcp.relay) || !has(self.dhcp.enable) || !self.dhcp.enable',
  ]);
  const tenant = asNode(asNode(spec.properties, 'spec properties').tenant, 'tenant');
  assert.deepEqual(tenant['x-kubernetes-validations'], [{ rule: 'self == oldSelf', message: 'the tenant of a VPC cannot change: create a new VPC for the other tenant' }]);
});

test('VPC status: isolation is a string enum and per-subnet status is a map', () => {
  const { root } = parsedCrd('VPC');
  const status = asNode(asNode(root.properties, 'properties').status, 'status');
  const properties = asNode(status.properties, 'status properties');
  assert.deepEqual(properties.isolation, {
    description: 'vlan, evpn-l2vni or evpn-l3vni',
    type: 'string',
    enum: ['vlan', 'evpn-l2vni', 'evpn-l3vni'],
  });
  const subnets = asNode(properties.subnets, 'status.subnets');
  assert.equal(subnets['x-kubernetes-validations'], undefined, 'any key: no CEL rule');
  const vlans = asNode(asNode(asNode(subnets.additionalProperties, 'subnet').properties, 'p').vlans, 'vlans');
  assert.deepEqual(vlans, { description: 'switch -> VLAN id', type: 'object', additionalProperties: { type: 'integer' } });
});

test('the Switch CRD is cluster-scoped with short name sw, enums for role and os, and ports as a set', () => {
  const { spec, version, root } = parsedCrd('Switch');
  assert.equal(spec.scope, 'Cluster');
  assert.deepEqual(asNode(spec.names, 'names').shortNames, ['sw']);
  assert.deepEqual(version.subresources, { status: {} }, 'its status (generations, agent reports) is a subresource');
  const properties = asNode(asNode(asNode(root.properties, 'p').spec, 'spec').properties, 'spec properties');
  assert.deepEqual(asNode(properties.role, 'role').enum, ['spine', 'leaf', 'border']);
  assert.deepEqual(asNode(properties.os, 'os').enum, ['sonic', 'vyos', 'frr']);
  const ports = asNode(properties.ports, 'ports');
  assert.equal(ports['x-kubernetes-list-type'], 'set');
  assert.equal(ports.uniqueItems, undefined);
  assert.equal(ports.maxItems, 1024);
  const asn = asNode(properties.asn, 'asn');
  assert.deepEqual([asn.type, asn.minimum, asn.maximum], ['integer', 1, 4294967294]);
  const columns = (version.additionalPrinterColumns as Node[]).map((column) => column.name);
  assert.deepEqual(columns, ['Role', 'OS', 'ASN', 'Router-ID', 'Generation', 'Applied', 'Accepted', 'Reason', 'Age'], 'Age is added back after the custom columns');
});

test('the Connection CRD requires exactly one connection type through a CEL rule on spec', () => {
  const { root } = parsedCrd('Connection');
  const spec = asNode(asNode(root.properties, 'p').spec, 'spec');
  assert.deepEqual(spec['x-kubernetes-validations'], [
    {
      rule: '(has(self.fabric) ? 1 : 0) + (has(self.unbundled) ? 1 : 0) + (has(self.bundled) ? 1 : 0) + (has(self.external) ? 1 : 0) + (has(self.trunk) ? 1 : 0) + (has(self.eslag) ? 1 : 0) == 1',
      message: 'exactly one of fabric, unbundled, bundled, external, trunk, eslag must be set',
    },
  ]);
  assert.deepEqual(Object.keys(asNode(spec.properties, 'spec properties')).filter((key) => key !== 'description'), [...CONNECTION_TYPES].sort());
});

test('the Agent CRD keeps CONFIG_DB tables as free-form JSON', () => {
  const { root } = parsedCrd('Agent');
  const properties = asNode(asNode(asNode(root.properties, 'p').spec, 'spec').properties, 'spec properties');
  assert.deepEqual(properties.configDb, {
    description: 'SONiC CONFIG_DB tables, as config_db.json',
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
  });
});

test('schemas a structural CRD cannot express are refused with the field path', () => {
  assert.throws(
    () => toKubernetesSchema(Type.Object({ port: Type.Union([Type.String(), Type.Integer()]) }), 'spec'),
    /^Error: spec\.port: anyOf is only supported as a union of literals/,
  );
  assert.throws(
    () => toKubernetesSchema(Type.Object({ a: Type.String() }, { additionalProperties: Type.String() }), 'spec'),
    /^Error: spec: additionalProperties beside properties is forbidden/,
  );
  assert.throws(
    () => toKubernetesSchema(Type.Object({ links: Type.Array(Type.Object({ a: Type.String() }), { uniqueItems: true }) }), 'spec'),
    /^Error: spec\.links: uniqueItems is only supported on lists of strings/,
  );
  assert.throws(
    () => toKubernetesSchema(Type.Object({ size: Type.Integer({ not: { const: 3 } }) }), 'spec'),
    /^Error: spec\.size: JSON Schema keyword\(s\) not cannot be expressed/,
  );
  assert.throws(() => toKubernetesSchema(Type.Object({ pair: Type.Tuple([Type.String(), Type.String()]) }), 'spec'), /spec\.pair/);
});

test('exclusive bounds of JSON Schema 2020-12 become the OpenAPI v3.0 flags Kubernetes reads', () => {
  assert.deepEqual(toKubernetesSchema(Type.Integer({ exclusiveMinimum: 0, exclusiveMaximum: 10 }), 'spec.n'), {
    type: 'integer',
    minimum: 0,
    exclusiveMinimum: true,
    maximum: 10,
    exclusiveMaximum: true,
  });
});

test('key patterns are quoted as CEL strings', () => {
  assert.equal(keyPatternRule("^a\\.b'c$").rule, "self.all(key, key.matches('^a\\\\.b\\'c$'))");
});
