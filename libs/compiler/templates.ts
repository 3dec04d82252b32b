/** ConfigTemplates in the pipeline: checked once, rendered per switch into the DeviceIntent. */
import type { ConfigTemplate, DeviceIntent, Diagnostic, Switch } from '#domain';
import type { ResolvedPolicy } from '#policy';
import { DEFAULT_OWNERSHIP_RULES, checkTemplates, renderSwitchTemplates } from '#templates';

export function checkTemplateSet(templates: readonly ConfigTemplate[]): Diagnostic[] {
  return checkTemplates(templates);
}

export function applyTemplates(
  templates: readonly ConfigTemplate[],
  sw: Switch,
  device: DeviceIntent,
  policy: ResolvedPolicy,
): { device: DeviceIntent; diagnostics: readonly Diagnostic[] } {
  if (templates.length === 0) return { device, diagnostics: [] };
  const result = renderSwitchTemplates(
    templates,
    {
      switch: {
        name: device.name,
        role: device.role,
        os: device.os,
        asn: device.asn,
        routerId: device.routerId,
        ...(device.description === undefined ? {} : { description: device.description }),
        labels: sw.metadata.labels ?? {},
      },
      fabric: {
        spineAsn: policy.underlay.spineAsn,
        loopbacks: policy.underlay.loopbacksText,
        mtu: policy.underlay.mtu,
        anycastGatewayMac: policy.anycastGatewayMac,
      },
    },
    DEFAULT_OWNERSHIP_RULES,
  );
  return { device: { ...device, templates: result.outputs }, diagnostics: result.diagnostics };
}
