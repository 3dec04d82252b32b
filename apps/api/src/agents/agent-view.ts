/**
 * An Agent object (pure): a switch's desired state (its rendered files) at its generation, how
 * its agent reaches it (the Switch's spec.management: an agent token reads nothing but its
 * Agent), the Switch's port settings its agent checks against the platform, and its last report.
 */
import type { CompileResult } from '#compiler';
import type { ObjectMap } from '../fabric/stored-object.js';
import { storeKey } from '../fabric/stored-object.js';
import { OWNER_ANNOTATION, type ResourceObject } from '../store/store.types.js';
import { AGENT_NAMESPACE, type AgentMap } from './agent-record.js';

/** The Agent of a switch, or undefined when the switch has no device or no record. */
export function agentObject(sw: string, state: { readonly result: CompileResult; readonly agents: AgentMap; readonly objects: ObjectMap }): ResourceObject | undefined {
  const device = state.result.devices.get(sw);
  const record = state.agents.get(sw);
  if (device === undefined || record === undefined) return undefined;
  const file = (name: string): string | undefined => state.result.files.get(`${sw}/${name}`);
  const configDb = file('config_db.json');
  const frr = file('frr.conf');
  const vyos = file('vyos.set');
  const switchObject = state.objects.get(storeKey('Switch', undefined, sw))?.resource;
  const management = switchObject?.kind === 'Switch' ? switchObject.spec.management : undefined;
  const portSettings = switchObject?.kind === 'Switch' ? switchObject.spec.portSettings : undefined;
  return {
    apiVersion: 'agent.weft.dev/v1alpha1',
    kind: 'Agent',
    metadata: { name: sw, namespace: AGENT_NAMESPACE, annotations: { [OWNER_ANNOTATION]: 'api' }, uid: `agent-${sw}`, resourceVersion: String(record.generation), generation: record.generation, creationTimestamp: new Date(0).toISOString() },
    spec: {
      switch: sw,
      generation: record.generation,
      role: device.role,
      os: device.os,
      ...(configDb === undefined ? {} : { configDb: JSON.parse(configDb) as unknown }),
      ...(frr === undefined ? {} : { frr }),
      ...(vyos === undefined ? {} : { vyos }),
      ...(management === undefined ? {} : { management }),
      ...(portSettings === undefined || portSettings.length === 0 ? {} : { portSettings }),
    },
    ...(record.status === undefined ? {} : { status: record.status }),
  };
}
