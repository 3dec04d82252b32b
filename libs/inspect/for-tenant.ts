/**
 * `weft inspect` as a tenant may read it (ADR 11): an agent's error text can name other tenants'
 * VRFs and keys, so it becomes a plain sentence; the default VRF's EVPN sessions carry every
 * tenant's routes, so a tenant sees their state, not their prefix counts or uptime.
 */
import type { Inspection, SessionView, VpcInspection, VpcOnSwitch } from './types.js';

const HIDDEN_ERROR = 'its agent reports an error (an architect can read it)';

function session(s: SessionView): SessionView {
  if (s.vrf !== 'default') return s;
  return { peer: s.peer, ...(s.neighbour === undefined ? {} : { neighbour: s.neighbour }), vrf: s.vrf, family: s.family, state: s.state };
}

function vpcForTenant(v: VpcInspection): VpcInspection {
  // the problem line of each agent's error (fabric-index presenceProblem), and what a tenant reads instead
  // (a switch without an error adds "<switch>: undefined", which no problem line reads)
  const hidden = new Map(v.switches.map((s) => [`${s.switch}: ${String(s.lastError)}`, `${s.switch}: ${HIDDEN_ERROR}`]));
  const switches: VpcOnSwitch[] = v.switches.map(({ lastError, ...s }) => ({ ...s, ...(lastError === undefined ? {} : { lastError: HIDDEN_ERROR }), sessions: s.sessions.map(session) }));
  return { ...v, switches, problems: v.problems.map((p) => hidden.get(p) ?? p) };
}

export function forTenant(inspection: Inspection): Inspection {
  switch (inspection.kind) {
    case 'vpc':
      return vpcForTenant(inspection);
    case 'connection':
    case 'server':
      // ports and the tenant's own attachments and MACs only (filtered when built): kept
      return inspection;
    case 'switch':
      // never answered to a tenant (the service refuses first); nothing of it is kept
      return { ...inspection, vpcs: [], sessions: [], ports: [], macsLocal: 0, macsRemote: 0, problems: [] };
  }
}
