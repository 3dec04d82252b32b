export { VyosRenderError, VyosSyntaxError } from './errors.js';
export { assertEthernetName, assertHostName, assertPolicyName, assertVrfName } from './identifiers.js';
export { vyosPathOverlapsOwned, vyosPathOwned, WEFT_OWNED_VYOS_PATHS } from './ownership.js';
export { WEFT_POLICY_PREFIX } from './policy.js';
export { renderVyosSet } from './render.js';
export { MAX_DESCRIPTION_BYTES, quoteVyosValue, sanitizeVyosText, splitVyosCommand } from './syntax.js';
