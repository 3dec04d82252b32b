import type {
  AgentSpec,
  AgentStatus,
  ConfigTemplateSpec,
  ConnectionSpec,
  ExternalAttachmentSpec,
  ExternalPeeringSpec,
  ExternalSpec,
  FabricPolicySpec,
  ResourceKind,
  ServerSpec,
  SwitchSpec,
  VpcAttachmentSpec,
  VpcPeeringSpec,
  VpcSpec,
  VpcStatus,
} from '#api';

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly generation?: number;
  readonly resourceVersion?: string;
  readonly uid?: string;
  readonly creationTimestamp?: string;
}

export interface Resource<Kind extends ResourceKind, Spec, Status = unknown> {
  readonly apiVersion: string;
  readonly kind: Kind;
  readonly metadata: ObjectMeta;
  readonly spec: Spec;
  readonly status?: Status;
  /** where the document came from (file:line), when it came from a file */
  readonly source?: string;
}

export type Switch = Resource<'Switch', SwitchSpec>;
export type Server = Resource<'Server', ServerSpec>;
export type Connection = Resource<'Connection', ConnectionSpec>;
export type FabricPolicy = Resource<'FabricPolicy', FabricPolicySpec>;
export type ConfigTemplate = Resource<'ConfigTemplate', ConfigTemplateSpec>;
export type Vpc = Resource<'VPC', VpcSpec, VpcStatus>;
export type VpcAttachment = Resource<'VPCAttachment', VpcAttachmentSpec>;
export type VpcPeering = Resource<'VPCPeering', VpcPeeringSpec>;
export type External = Resource<'External', ExternalSpec>;
export type ExternalAttachment = Resource<'ExternalAttachment', ExternalAttachmentSpec>;
export type ExternalPeering = Resource<'ExternalPeering', ExternalPeeringSpec>;
export type Agent = Resource<'Agent', AgentSpec, AgentStatus>;

export type AnyResource =
  | Switch
  | Server
  | Connection
  | FabricPolicy
  | ConfigTemplate
  | Vpc
  | VpcAttachment
  | VpcPeering
  | External
  | ExternalAttachment
  | ExternalPeering
  | Agent;

/** The whole input of a compile: wiring, policy and intents. */
export interface ResourceSet {
  readonly switches: readonly Switch[];
  readonly servers: readonly Server[];
  readonly connections: readonly Connection[];
  readonly policies: readonly FabricPolicy[];
  readonly templates: readonly ConfigTemplate[];
  readonly vpcs: readonly Vpc[];
  readonly attachments: readonly VpcAttachment[];
  readonly peerings: readonly VpcPeering[];
  readonly externals: readonly External[];
  readonly externalAttachments: readonly ExternalAttachment[];
  readonly externalPeerings: readonly ExternalPeering[];
}

export function emptyResourceSet(): ResourceSet {
  return {
    switches: [],
    servers: [],
    connections: [],
    policies: [],
    templates: [],
    vpcs: [],
    attachments: [],
    peerings: [],
    externals: [],
    externalAttachments: [],
    externalPeerings: [],
  };
}

/** Puts resources into their buckets; Agents are not compile input and are left out. */
export function groupResources(resources: readonly AnyResource[]): ResourceSet {
  const set = {
    switches: [] as Switch[],
    servers: [] as Server[],
    connections: [] as Connection[],
    policies: [] as FabricPolicy[],
    templates: [] as ConfigTemplate[],
    vpcs: [] as Vpc[],
    attachments: [] as VpcAttachment[],
    peerings: [] as VpcPeering[],
    externals: [] as External[],
    externalAttachments: [] as ExternalAttachment[],
    externalPeerings: [] as ExternalPeering[],
  };
  for (const r of resources) {
    switch (r.kind) {
      case 'Switch': set.switches.push(r); break;
      case 'Server': set.servers.push(r); break;
      case 'Connection': set.connections.push(r); break;
      case 'FabricPolicy': set.policies.push(r); break;
      case 'ConfigTemplate': set.templates.push(r); break;
      case 'VPC': set.vpcs.push(r); break;
      case 'VPCAttachment': set.attachments.push(r); break;
      case 'VPCPeering': set.peerings.push(r); break;
      case 'External': set.externals.push(r); break;
      case 'ExternalAttachment': set.externalAttachments.push(r); break;
      case 'ExternalPeering': set.externalPeerings.push(r); break;
      // Stryker disable next-line StringLiteral,ConditionalExpression: equivalent, an Agent goes in no bucket, as would a kind without a case
      case 'Agent': break;
    }
  }
  return set;
}

/** `namespace/name` for namespaced objects, `name` for cluster-wide ones. */
export function keyOf(resource: { readonly metadata: ObjectMeta }): string {
  const { namespace, name } = resource.metadata;
  return namespace === undefined ? name : `${namespace}/${name}`;
}

export function refOf(resource: AnyResource): { kind: string; namespace?: string; name: string } {
  const { namespace, name } = resource.metadata;
  return namespace === undefined ? { kind: resource.kind, name } : { kind: resource.kind, namespace, name };
}
