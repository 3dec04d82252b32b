// What the ConfigTemplate tests share: ownership rules that own the VLAN table and `router bgp`
// lines, a template builder, and the context of leaf1 in a small fabric.
import type { ConfigTemplateSpec } from '#api';
import type { ConfigTemplate } from '#domain';
import type { OwnershipRules, TemplateContext } from '#templates';

export const TEMPLATE_RULES: OwnershipRules = {
  configDbTableOwned: (table) => table === 'VLAN',
  frrLineOwned: (line) => line.startsWith('router bgp'),
  vyosPathOwned: () => false,
  splitVyosCommand: (line) => line.split(' '),
};

export const configTemplate = (name: string, spec: ConfigTemplateSpec): ConfigTemplate => ({ apiVersion: 'policy.weft.dev/v1alpha1', kind: 'ConfigTemplate', metadata: { name }, spec });

export const LEAF1_TEMPLATE_CONTEXT: TemplateContext = {
  switch: { name: 'leaf1', role: 'leaf', os: 'sonic', asn: 65101, routerId: '10.0.0.11', labels: { rack: 'r1' } },
  fabric: { spineAsn: 65100, loopbacks: '10.0.0.0/24', mtu: 9100, anycastGatewayMac: '00:00:5e:00:01:01' },
};
