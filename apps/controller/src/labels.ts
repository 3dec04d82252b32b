/** The label on everything the controller creates (Agents, their RBAC, the webhook CA). */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'weft-controller' } as const;
