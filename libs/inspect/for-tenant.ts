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

function problemsWithout(problems: readonly string[], errors: ReadonlyMap<string, string>): string[] {
  return problems.map((p) => {
    for (const [sw, error] of errors) if (p === `${sw}: ${error}`) return `${sw}: ${HIDDEN_ERROR}`;
    return p;
  });
}

function vpcForTenant(v: VpcInspection): VpcInspection {
  const errors = new Map(v.switches.flatMap((s) => (s.lastError === undefined ? [] : [[s.switch, s.lastError] as const])));
  const switches: VpcOnSwitch[] = v.switches.map(({ lastError, ...s }) => ({ ...s, ...(lastError === undefined ? {} : { lastError: HIDDEN_ERROR }), sessions: s.sessions.map(session) }));
  return { ...v, switches, problems: problemsWithout(v.problems, errors) };
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
