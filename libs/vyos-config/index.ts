export { VyosConfigError } from './errors.js';
export { renderWord, splitWords, type Word } from './words.js';
export { ConfigTree, quotingOf, renderCommand, renderPath, type Command, type ConfigNode, type Path } from './tree.js';
export { parseCommands, parseDesired, parseRunning, type DesiredConfig, type LineError, type ParsedCommands, type ParsedDesired, type Statement } from './parse.js';
export { Ownership, ownershipOfPaths, WEFT_ETHERNET_LEAVES, WEFT_VRF, weftOwnership, type OwnershipOptions, type OwnershipRule, type WordMatcher } from './ownership.js';
export { ownedPart, planChange, planCommands, planIsEmpty, restorePlan, summarizePlan, touchedPaths, type ChangePlan, type ChangeSummary } from './plan.js';
export {
  applyScript,
  confirmScript,
  FAILURE_MARKERS,
  observeScript,
  outputFailed,
  parseScriptOutput,
  readScript,
  type CommitMode,
  type ScriptContext,
  type ScriptOutput,
  type ScriptStep,
} from './scripts.js';
export { parseBgpSummary, type BgpNeighbor } from './bgp-summary.js';
