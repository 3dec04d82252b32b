/**
 * The VyOS stand-in: what the VyOS agent's tests drive instead of VyOS, which cannot run on these
 * machines. See router.ts (the configuration system) and shell.ts (the shell around it).
 */
export { StandinConfig } from './config.js';
export { VyosStandinRouter, type BgpPeerState, type StandinEntry, type StandinSession, type VyosStandinOptions } from './router.js';
export { writeStandinShell, type StandinShell } from './shell.js';
export { VYOS_VALIDATE, VyosValidator, type CommitFinding, type PathShape, type WordRole } from './validator.js';
