export { renderFrrConf } from './render.js';
export { FrrRenderError } from './checks.js';
export { WEFT_OWNED_FRR_STATEMENTS, frrStatementOwned } from './ownership.js';
export { frrConfText, spliceFrrConf, splicedFrrStanzas, type SplicedStanzas } from './splice.js';
export type { FrrParts, VrfPart } from './render.js';
