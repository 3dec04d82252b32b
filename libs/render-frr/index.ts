export { renderFrrConf } from './render.js';
export { FrrRenderError } from './checks.js';
export { WEFT_OWNED_FRR_STATEMENTS, frrStatementOwned } from './ownership.js';
export { frrConfText, spliceFrrConf } from './splice.js';
