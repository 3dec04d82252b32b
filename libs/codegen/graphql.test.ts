import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import {
  buildSchema,
  graphqlSync,
  isEnumType,
  isInputObjectType,
  isObjectType,
  validateSchema,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLObjectType,
} from 'graphql';
import { RESOURCE_DEFINITIONS, SERVER, type ResourceDefinition } from '#api';
import { GENERATED_HEADER, GRAPHQL_FIELD_NAMES, GRAPHQL_FILE, generatedFiles, renderGraphqlSchema } from './index.js';

const sdl = renderGraphqlSchema();
const schema = buildSchema(sdl);

function objectType(name: string): GraphQLObjectType {
  const type = schema.getType(name);
  assert.ok(isObjectType(type), `${name} is not an object type`);
  return type;
}

function inputType(name: string): GraphQLInputObjectType {
  const type = schema.getType(name);
  assert.ok(isInputObjectType(type), `${name} is not an input type`);
  return type;
}

function field(typeName: string, fieldName: string): GraphQLField<unknown, unknown> {
  const found = objectType(typeName).getFields()[fieldName];
  assert.ok(found, `${typeName}.${fieldName} is missing`);
  return found;
}

/** `name: Type` for every field, in order, the way a reader of the SDL sees them. */
function fieldsOf(typeName: string): string[] {
  const type = schema.getType(typeName);
  const fields = isObjectType(type) ? Object.values(type.getFields()) : isInputObjectType(type) ? Object.values(type.getFields()) : undefined;
  assert.ok(fields, `${typeName} has no fields`);
  return fields.map((each) => `${each.name}: ${String(each.type)}`);
}

/** The field as written in the SDL: `vpcs(namespace: String, first: Int, after: String): VPCConnection!`. */
function signature(typeName: string, fieldName: string): string {
  const found = field(typeName, fieldName);
  const args = found.args.map((argument) => `${argument.name}: ${String(argument.type)}`);
  return `${fieldName}${args.length === 0 ? '' : `(${args.join(', ')})`}: ${String(found.type)}`;
}

function schemaFor(definitions: readonly ResourceDefinition[]) {
  return buildSchema(renderGraphqlSchema(definitions));
}

test('the SDL builds with graphql-js into a valid schema, the same text every time', () => {
  assert.deepEqual(validateSchema(schema), []);
  assert.ok(sdl.startsWith(`${GENERATED_HEADER}# The Weft GraphQL API, served at /graphql`));
  assert.ok(sdl.endsWith('}\n'));
  assert.equal(renderGraphqlSchema(), sdl);
  assert.equal(schema.getQueryType()?.name, 'Query');
  assert.equal(schema.getMutationType()?.name, 'Mutation');
  assert.equal(schema.getSubscriptionType()?.name, 'Subscription');
});

test('npm run generate writes the schema to api/schema.graphql, so the drift test covers it', () => {
  const file = generatedFiles().find((each) => each.path === GRAPHQL_FILE);
  assert.equal(GRAPHQL_FILE, 'api/schema.graphql');
  assert.equal(file?.content, sdl);
});

test('root types come first, every other type follows by name', () => {
  const names = [...sdl.matchAll(/^(?:type|input|enum|scalar) (\w+)/gm)].map((match) => match[1] ?? '');
  assert.deepEqual(names.slice(0, 3), ['Query', 'Mutation', 'Subscription']);
  const rest = names.slice(3);
  assert.deepEqual(rest, [...rest].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
});

test('a VPC reads as in YAML: tenant required, subnets a map, status with the isolation the policy chose', () => {
  assert.deepEqual(fieldsOf('VPC'), [
    'apiVersion: String!',
    'kind: String!',
    'metadata: ObjectMeta!',
    'spec: VPCSpec!',
    'status: VPCStatus',
  ]);
  assert.deepEqual(fieldsOf('VPCSpec'), [
    'tenant: String!',
    'description: String',
    'subnets: JSON!',
    'defaultIsolated: Boolean',
    'defaultRestricted: Boolean',
    'permit: [[String!]!]',
    'staticRoutes: [VPCSpecStaticRoute!]',
  ]);
  assert.match(field('VPCSpec', 'subnets').description ?? '', /subnet name -> subnet; .*cidr, gateway, dhcp, description/);
  assert.deepEqual(fieldsOf('VPCStatus'), [
    'isolation: String',
    'rule: String',
    'vrf: String',
    'vni: Int',
    'subnets: JSON',
    'switches: [String!]',
    'observedGeneration: Int',
    'conditions: [Condition!]',
  ]);
  assert.match(field('VPCStatus', 'isolation').description ?? '', /one of vlan, evpn-l2vni, evpn-l3vni \(a String, not an enum/);
  assert.equal(field('VPCStatus', 'rule').description, 'the policy rule that chose the isolation');
  assert.equal(objectType('VPC').description, 'A tenant network: subnets that reach each other and nothing else (vpc.weft.dev/v1alpha1, namespaced)');
});

test('nested objects are types named after their path; lists of objects after one item', () => {
  assert.deepEqual(fieldsOf('ConnectionSpec'), [
    'description: String',
    'fabric: ConnectionSpecFabric',
    'unbundled: ConnectionSpecUnbundled',
    'bundled: ConnectionSpecBundled',
    'external: ConnectionSpecExternal',
    'trunk: ConnectionSpecTrunk',
  ]);
  assert.deepEqual(fieldsOf('ConnectionSpecFabric'), ['spine: String!', 'leaf: String!']);
  assert.equal(objectType('ConnectionSpecFabric').description, 'a routed link between a spine and a leaf or border');
  assert.deepEqual(fieldsOf('ConnectionSpecBundled'), ['server: String!', 'links: [ConnectionSpecBundledLink!]!', 'mtu: Int', 'fallback: Boolean']);
  assert.deepEqual(fieldsOf('ConnectionSpecBundledLink'), ['server: String!', 'switch: String!']);
  assert.deepEqual(fieldsOf('AgentStatusBgpNeighbor').slice(0, 2), ['peer: String!', 'vrf: String']);
  assert.deepEqual(fieldsOf('VPCPeeringSpec'), ['vpcs: [String!]!', 'permit: [[String!]!]']);
  assert.equal(field('SwitchSpec', 'ports').description, 'a port name such as Ethernet0 or eth1');
  assert.equal(objectType('SwitchSpecManagement').description, 'how the agent of this switch reaches it');
  assert.equal(field('SwitchSpec', 'management').description, undefined, 'the description is on the type, not repeated');
});

test('shapes used in several places are one shared type: Condition, NumberRange, ObjectStatus', () => {
  assert.deepEqual(fieldsOf('Condition'), [
    'type: String!',
    'status: ConditionStatus!',
    'reason: String!',
    'message: String',
    'lastTransitionTime: DateTime',
    'observedGeneration: Int',
  ]);
  assert.equal(String(field('AgentStatus', 'conditions').type), '[Condition!]');
  assert.equal(String(field('FabricPolicySpecPools', 'vni').type), 'NumberRange');
  assert.equal(String(field('FabricPolicySpecPoolsReserved', 'vlan').type), '[NumberRange!]');
  assert.deepEqual(fieldsOf('ObjectStatus'), ['observedGeneration: Int', 'conditions: [Condition!]']);
  // Kinds without a status of their own, and kinds whose status is the generic one.
  for (const kind of ['Server', 'Connection', 'FabricPolicy', 'VPCAttachment', 'ExternalPeering']) {
    assert.equal(String(field(kind, 'status').type), 'ObjectStatus', kind);
  }
  assert.equal(String(field('Switch', 'status').type), 'SwitchStatus');
  assert.equal(String(field('Agent', 'status').type), 'AgentStatus');
});

test('AS numbers are Float (they pass 2^31-1) and say why; other integers are Int', () => {
  assert.equal(String(field('SwitchSpec', 'asn').type), 'Float');
  assert.match(field('SwitchSpec', 'asn').description ?? '', /^a BGP AS number; a whole number from 1 to 4294967294, typed Float/);
  assert.equal(String(field('ConnectionSpecExternalPeer', 'asn').type), 'Float!');
  assert.deepEqual(fieldsOf('FabricPolicySpecUnderlayAsn'), ['spine: Float', 'leafStart: Float', 'borderStart: Float']);
  assert.equal(String(field('FabricPolicySpecUnderlay', 'mtu').type), 'Int');
  assert.equal(String(field('AgentSpec', 'generation').type), 'Int!');
});

test('enums only where every value is a GraphQL name; isolation methods stay String', () => {
  const enums = Object.values(schema.getTypeMap())
    .filter((type) => isEnumType(type) && !type.name.startsWith('__'))
    .map((type) => (isEnumType(type) ? `${type.name}: ${type.getValues().map((value) => value.name).join(' ')}` : ''))
    .sort();
  assert.deepEqual(enums, [
    'AgentSpecPortSettingFec: rs fc none auto',
    'AgentStatusDriftItemChange: modified deleted added',
    'ConditionStatus: True False Unknown',
    'ConfigTemplateSpecTarget: configdb frr vyos',
    'ExternalAttachmentSpecInboundACLDefaultAction: permit deny',
    'ExternalAttachmentSpecInboundACLRuleAction: permit deny',
    'ExternalAttachmentSpecInboundACLRuleProtocol: ip tcp udp icmp',
    'SwitchSpecOs: sonic vyos frr',
    'SwitchSpecPortSettingFec: rs fc none auto',
    'SwitchSpecRole: spine leaf border',
  ]);
  assert.equal(String(field('SwitchSpec', 'role').type), 'SwitchSpecRole!');
  assert.equal(objectType('SwitchSpec').getFields().role?.description, undefined);
  assert.equal(schema.getType('SwitchSpecRole')?.description, 'spine, leaf or border');
  assert.equal(String(field('FabricPolicySpecIsolationRule', 'method').type), 'String!');
  assert.equal(String(field('FabricPolicySpecIsolation', 'default').type), 'String');
});

test('metadata, maps and timestamps: ObjectMeta with owner, JSON maps, DateTime', () => {
  assert.deepEqual(fieldsOf('ObjectMeta'), [
    'name: String!',
    'namespace: String',
    'labels: JSON',
    'annotations: JSON',
    'uid: String',
    'resourceVersion: String',
    'generation: Int',
    'creationTimestamp: DateTime',
    'owner: String',
  ]);
  assert.deepEqual(fieldsOf('ObjectMetaInput'), ['name: String!', 'namespace: String', 'labels: JSON', 'annotations: JSON']);
  assert.equal(String(field('AgentSpec', 'configDb').type), 'JSON');
  assert.equal(String(field('AgentStatus', 'lastHeartbeat').type), 'DateTime');
  assert.equal(String(field('AuditEntry', 'at').type), 'DateTime!');
  assert.equal(String(field('FabricPolicySpecIsolationRuleMatch', 'labels').type), 'JSON');
});

test('Query: a list and a single field per kind, namespace only for namespaced kinds, and the audit log', () => {
  assert.equal(signature('Query', 'vpcs'), 'vpcs(namespace: String, first: Int, after: String): VPCConnection!');
  assert.equal(signature('Query', 'vpc'), 'vpc(namespace: String, name: String!): VPC');
  assert.equal(signature('Query', 'vpcAttachments'), 'vpcAttachments(namespace: String, first: Int, after: String): VPCAttachmentConnection!');
  assert.equal(signature('Query', 'switches'), 'switches(first: Int, after: String): SwitchConnection!');
  assert.equal(signature('Query', 'switch'), 'switch(name: String!): Switch');
  assert.equal(signature('Query', 'fabricPolicies'), 'fabricPolicies(first: Int, after: String): FabricPolicyConnection!');
  assert.equal(
    signature('Query', 'audit'),
    'audit(kind: String, namespace: String, name: String, tenant: String, actor: String, since: DateTime, first: Int, after: String): AuditEntryConnection!',
  );
  assert.equal(objectType('Query').getFields().plan, undefined, 'plan is what a write returns, not a query');
  const expected = RESOURCE_DEFINITIONS.flatMap((definition) => {
    const names = GRAPHQL_FIELD_NAMES[definition.kind];
    assert.ok(names, definition.kind);
    return [names.list, names.single];
  });
  assert.deepEqual(Object.keys(objectType('Query').getFields()), [...expected, 'audit']);
});

test('every list is a Relay connection: edges with cursors, nodes, pageInfo, and totalCount where items can be counted', () => {
  for (const definition of RESOURCE_DEFINITIONS) {
    const { kind } = definition;
    assert.deepEqual(fieldsOf(`${kind}Connection`), [`edges: [${kind}Edge!]!`, `nodes: [${kind}!]!`, 'pageInfo: PageInfo!', 'totalCount: Int!'], kind);
    assert.deepEqual(fieldsOf(`${kind}Edge`), ['cursor: String!', `node: ${kind}!`], kind);
  }
  assert.deepEqual(fieldsOf('PageInfo'), ['hasNextPage: Boolean!', 'hasPreviousPage: Boolean!', 'startCursor: String', 'endCursor: String']);
  // the audit log is paged by entry and not counted: it only grows
  assert.deepEqual(fieldsOf('AuditEntryConnection'), ['edges: [AuditEntryEdge!]!', 'nodes: [AuditEntry!]!', 'pageInfo: PageInfo!']);
});

test('GRAPHQL_FIELD_NAMES names the fields of every kind', () => {
  assert.deepEqual(GRAPHQL_FIELD_NAMES.VPCAttachment, {
    list: 'vpcAttachments',
    single: 'vpcAttachment',
    create: 'createVPCAttachment',
    replace: 'replaceVPCAttachment',
    delete: 'deleteVPCAttachment',
  });
  assert.deepEqual(Object.keys(GRAPHQL_FIELD_NAMES), RESOURCE_DEFINITIONS.map((definition) => definition.kind));
  assert.deepEqual(
    Object.values(GRAPHQL_FIELD_NAMES).map((names) => names.list),
    [
      'switches',
      'servers',
      'connections',
      'fabricPolicies',
      'configTemplates',
      'vpcs',
      'vpcAttachments',
      'vpcPeerings',
      'externals',
      'externalAttachments',
      'externalPeerings',
      'agents',
    ],
  );
});

test('Mutation: create, replace and delete per kind with dryRun, and createToken', () => {
  assert.equal(signature('Mutation', 'createVPC'), 'createVPC(input: VPCInput!, dryRun: Boolean): VPCWriteResult!');
  assert.equal(signature('Mutation', 'replaceVPC'), 'replaceVPC(input: VPCInput!, dryRun: Boolean): VPCWriteResult!');
  assert.equal(signature('Mutation', 'deleteVPC'), 'deleteVPC(namespace: String, name: String!, dryRun: Boolean): DeleteResult!');
  assert.equal(signature('Mutation', 'deleteSwitch'), 'deleteSwitch(name: String!, dryRun: Boolean): DeleteResult!');
  assert.equal(
    signature('Mutation', 'createToken'),
    'createToken(name: String!, role: String!, tenant: String, switch: String, expiresAt: DateTime, ttlSeconds: Int): TokenResult!',
  );
  assert.deepEqual(fieldsOf('VPCInput'), ['metadata: ObjectMetaInput!', 'spec: JSON!']);
  assert.match(inputType('VPCInput').description ?? '', /same validator as REST and YAML: an invalid spec fails with the same diagnostics/);
  assert.deepEqual(fieldsOf('VPCWriteResult'), ['object: VPC', 'plan: [DevicePlan!]!', 'diagnostics: [Diagnostic!]!', 'dryRun: Boolean!']);
  assert.deepEqual(fieldsOf('DeleteResult'), ['plan: [DevicePlan!]!', 'diagnostics: [Diagnostic!]!', 'dryRun: Boolean!']);
  assert.deepEqual(fieldsOf('DevicePlan'), ['device: String!', 'files: [FilePlan!]!']);
  assert.deepEqual(fieldsOf('FilePlan'), ['file: String!', 'change: String!', 'lines: [String!]!']);
  assert.deepEqual(fieldsOf('Diagnostic'), ['code: String!', 'severity: String!', 'path: String!', 'message: String!', 'hint: String']);
  assert.deepEqual(fieldsOf('TokenResult'), ['token: String!', 'name: String!', 'role: String!', 'tenant: String', 'switch: String', 'expiresAt: DateTime']);
  for (const definition of RESOURCE_DEFINITIONS.filter((d) => d.kind !== 'Agent')) {
    const names = GRAPHQL_FIELD_NAMES[definition.kind];
    assert.ok(names);
    for (const name of [names.create, names.replace, names.delete]) field('Mutation', name);
  }
  // an Agent's spec is compiled by Weft: its agent only reports status
  assert.equal(signature('Mutation', 'reportAgentStatus'), 'reportAgentStatus(name: String!, status: JSON!): Agent!');
  assert.ok(!fieldsOf('Mutation').some((f) => /^(create|replace|delete)Agent\(/.test(f)));
});

test('Subscription: events of one kind or all, and the transports it is served over', () => {
  assert.equal(signature('Subscription', 'events'), 'events(kind: String): ResourceEvent!');
  assert.deepEqual(fieldsOf('ResourceEvent'), ['type: String!', 'kind: String!', 'object: JSON!']);
  assert.match(objectType('Subscription').description ?? '', /over WebSocket at \/graphql \(the graphql-ws protocol/);
  assert.match(objectType('Subscription').description ?? '', /server-sent events \(graphql-sse format.*\) at \/graphql\/stream/);
});

test('store objects resolve field by field: enum values, isolation strings and 4-byte AS numbers', () => {
  const metadata = { name: 'leaf1', uid: 'u1', resourceVersion: '3', generation: 1, creationTimestamp: '2025-01-31T12:00:00Z', owner: 'api' };
  const leaf = { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Switch', metadata, spec: { role: 'leaf', os: 'sonic', asn: 4200000001 } };
  const blue = {
    apiVersion: 'vpc.weft.dev/v1alpha1',
    kind: 'VPC',
    metadata: { ...metadata, name: 'blue', namespace: 'default' },
    spec: { tenant: 'acme', subnets: { web: { cidr: '10.1.0.0/24' } } },
    status: { isolation: 'evpn-l3vni', vni: 50001, conditions: [{ type: 'Ready', status: 'True', reason: 'Compiled' }] },
  };
  const result = graphqlSync({
    schema,
    source: `{
      switches { nodes { metadata { name owner } spec { role os asn } } }
      vpc(name: "blue") { spec { tenant subnets } status { isolation vni conditions { type status } } }
    }`,
    rootValue: { switches: () => ({ nodes: [leaf] }), vpc: () => blue },
  });
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  assert.deepEqual(JSON.parse(JSON.stringify(result.data)), {
    switches: { nodes: [{ metadata: { name: 'leaf1', owner: 'api' }, spec: { role: 'leaf', os: 'sonic', asn: 4200000001 } }] },
    vpc: {
      spec: { tenant: 'acme', subnets: { web: { cidr: '10.1.0.0/24' } } },
      status: { isolation: 'evpn-l3vni', vni: 50001, conditions: [{ type: 'Ready', status: 'True' }] },
    },
  });
});

test('integers up to 2^31-1 are Int, beyond either bound Float', () => {
  const spec = Type.Object({
    small: Type.Integer({ maximum: 2 ** 31 - 1 }),
    big: Type.Integer({ maximum: 2 ** 31 }),
    negative: Type.Integer({ minimum: -(2 ** 31) - 1 }),
  });
  const custom = schemaFor([{ ...SERVER, spec }]);
  const fields = custom.getType('ServerSpec');
  assert.ok(isObjectType(fields));
  assert.deepEqual(
    Object.values(fields.getFields()).map((each) => `${each.name}: ${String(each.type)}`),
    ['small: Int!', 'big: Float!', 'negative: Float!'],
  );
});

test('literals that GraphQL reads as values (true, false, null) or that are not names stay String', () => {
  const spec = Type.Object({
    power: Type.Union([Type.Literal('on'), Type.Literal('off')]),
    flag: Type.Union([Type.Literal('true'), Type.Literal('false')]),
    speed: Type.Union([Type.Literal('10g'), Type.Literal('25g')]),
  });
  const custom = schemaFor([{ ...SERVER, spec }]);
  const power = custom.getType('ServerSpecPower');
  assert.ok(isEnumType(power));
  assert.deepEqual(power.getValues().map((value) => value.name), ['on', 'off']);
  const fields = custom.getType('ServerSpec');
  assert.ok(isObjectType(fields));
  assert.equal(String(fields.getFields().flag?.type), 'String!');
  assert.equal(fields.getFields().speed?.description, 'one of 10g, 25g (a String, not an enum: 10g, 25g cannot be GraphQL enum values)');
});

test('a schema GraphQL cannot express, or two kinds with one name, fail naming the place', () => {
  const mixed = Type.Object({ value: Type.Union([Type.String(), Type.Integer()]) });
  assert.throws(() => renderGraphqlSchema([{ ...SERVER, spec: mixed }]), /Server\.spec\.value: a union of .* has no GraphQL type/);
  const badName = Type.Object({ 'max-speed': Type.String() });
  assert.throws(() => renderGraphqlSchema([{ ...SERVER, spec: badName }]), /Server\.spec\.max-speed: max-speed is not a valid GraphQL field name/);
  assert.throws(() => renderGraphqlSchema([SERVER, SERVER]), /kind Server: the GraphQL type Server exists already/);
});
