/**
 * Who may read an Agent: per switch, a ServiceAccount `weft-agent-<switch>` and a Role that
 * lets it get, list and watch that one Agent (by name: list and watch need the
 * `metadata.name=<switch>` field selector the agent uses) and write that one Agent's status.
 * The controller keeps them beside each Agent; an agent off the cluster (on the switch) gets a
 * token with `kubectl create token weft-agent-<switch> -n <namespace>`.
 */
import * as k8s from '@kubernetes/client-node';
import { AGENT_REF } from './kinds.js';
import { statusOf } from './kube/client.js';
import { MANAGED_BY } from './labels.js';

export function agentAccountName(sw: string): string {
  return `weft-agent-${sw}`;
}

export interface AgentAccess {
  readonly serviceAccount: k8s.V1ServiceAccount;
  readonly role: k8s.V1Role;
  readonly roleBinding: k8s.V1RoleBinding;
}

export function agentAccess(namespace: string, sw: string): AgentAccess {
  const name = agentAccountName(sw);
  const metadata = { name, namespace, labels: { ...MANAGED_BY, 'weft.dev/switch': sw } };
  return {
    serviceAccount: { apiVersion: 'v1', kind: 'ServiceAccount', metadata },
    role: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata,
      rules: [
        { apiGroups: [AGENT_REF.group], resources: [AGENT_REF.plural], resourceNames: [sw], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [AGENT_REF.group], resources: [`${AGENT_REF.plural}/status`], resourceNames: [sw], verbs: ['get', 'update', 'patch'] },
      ],
    },
    roleBinding: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  };
}

async function createIfMissing(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (e) {
    if (statusOf(e) !== 409) throw e;
  }
}

async function deleteIfPresent(remove: () => Promise<unknown>): Promise<void> {
  try {
    await remove();
  } catch (e) {
    if (statusOf(e) !== 404) throw e;
  }
}

export async function ensureAgentAccess(kubeconfig: k8s.KubeConfig, namespace: string, sw: string): Promise<void> {
  const access = agentAccess(namespace, sw);
  const core = kubeconfig.makeApiClient(k8s.CoreV1Api);
  const rbac = kubeconfig.makeApiClient(k8s.RbacAuthorizationV1Api);
  await createIfMissing(() => core.createNamespacedServiceAccount({ namespace, body: access.serviceAccount }));
  await createIfMissing(() => rbac.createNamespacedRole({ namespace, body: access.role }));
  await createIfMissing(() => rbac.createNamespacedRoleBinding({ namespace, body: access.roleBinding }));
}

export async function removeAgentAccess(kubeconfig: k8s.KubeConfig, namespace: string, sw: string): Promise<void> {
  const name = agentAccountName(sw);
  const core = kubeconfig.makeApiClient(k8s.CoreV1Api);
  const rbac = kubeconfig.makeApiClient(k8s.RbacAuthorizationV1Api);
  await deleteIfPresent(() => rbac.deleteNamespacedRoleBinding({ name, namespace }));
  await deleteIfPresent(() => rbac.deleteNamespacedRole({ name, namespace }));
  await deleteIfPresent(() => core.deleteNamespacedServiceAccount({ name, namespace }));
}
