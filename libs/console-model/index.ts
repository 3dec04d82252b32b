export * from './types.js';
export { applyEvent, isStale, objectKey, type EventType, type WatchEvent } from './events.js';
export { diagnosticField, placeDiagnostics, type PlacedDiagnostics } from './diagnostics.js';
export * from './forms.js';
export { acceptedState, condition, vpcState, type StatusSummary, type Tone } from './status.js';
export { agentHealth, HEARTBEAT_STALE_MS, isEstablished, neighborFor, type Health } from './health.js';
export { lineKind, planHeadline, summarisePlan, type DeviceSummary, type FileSummary } from './plan.js';
export { buildTopology, connectionKind, type EdgeKind, type NodeKind, type Topology, type TopologyEdge, type TopologyNode } from './topology.js';
export { describeRuleMatch, policyRules, type RuleView } from './policy.js';
