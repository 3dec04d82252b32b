/**
 * Which media type a GraphQL-over-HTTP response uses, from the request's Accept header (the
 * GraphQL over HTTP specification): `application/graphql-response+json` when the client names it
 * (its status codes say what happened: 400 for a request that could not run), else
 * `application/json`. A client that names `application/json` itself (not through a wildcard) is
 * a legacy client: a request that fails to parse, validate or coerce its variables still answers
 * 200 with the errors, as the specification asks for that media type. Nothing acceptable: 406.
 */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const APPLICATION_JSON = 'application/json';

export interface ResponseMedia {
  readonly type: typeof GRAPHQL_RESPONSE_JSON | typeof APPLICATION_JSON;
  /** the client named application/json: request errors answer 200 */
  readonly legacy: boolean;
}

interface Preference {
  readonly quality: number;
  /** named exactly, not matched through type/* or *\/* */
  readonly exact: boolean;
}

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly quality: number;
}

const NONE: Preference = { quality: 0, exact: false };

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [range = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const slash = range.indexOf('/');
    if (slash <= 0) continue;
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    ranges.push({ type: range.slice(0, slash), subtype: range.slice(slash + 1), quality: Number.isFinite(quality) ? Math.min(Math.max(quality, 0), 1) : 0 });
  }
  return ranges;
}

/** The quality of a media type: the most specific range that matches it decides (RFC 9110). */
function preferenceFor(mediaType: string, ranges: readonly MediaRange[]): Preference {
  const [type, subtype] = mediaType.split('/');
  let best: { specificity: number; preference: Preference } | undefined;
  for (const range of ranges) {
    const specificity = range.type === type && range.subtype === subtype ? 2 : range.type === type && range.subtype === '*' ? 1 : range.type === '*' && range.subtype === '*' ? 0 : -1;
    if (specificity < 0 || (best !== undefined && best.specificity >= specificity)) continue;
    best = { specificity, preference: { quality: range.quality, exact: specificity === 2 } };
  }
  return best?.preference ?? NONE;
}

/** The response's media type, or undefined when the client accepts neither (406). */
export function negotiateMedia(accept: string | undefined): ResponseMedia | undefined {
  if (accept === undefined || accept.trim() === '') return { type: APPLICATION_JSON, legacy: false };
  const ranges = parseAccept(accept);
  const graphql = preferenceFor(GRAPHQL_RESPONSE_JSON, ranges);
  const json = preferenceFor(APPLICATION_JSON, ranges);
  if (graphql.quality === 0 && json.quality === 0) return undefined;
  // the higher quality wins; at equal quality a type named exactly wins, and between two named
  // exactly the GraphQL one; a wildcard alone means JSON
  const graphqlWins = graphql.quality > json.quality || (graphql.quality === json.quality && graphql.exact);
  return graphqlWins ? { type: GRAPHQL_RESPONSE_JSON, legacy: false } : { type: APPLICATION_JSON, legacy: json.exact };
}
