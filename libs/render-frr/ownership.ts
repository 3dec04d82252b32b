/**
 * The frr.conf statements Weft owns. A ConfigTemplate line that starts one of them is rejected:
 * Weft would overwrite it, or worse, a template could reshape tenant BGP, VRFs or the route
 * filters that keep VPCs apart.
 */

/**
 * Statement prefixes, matched word by word. A word of a line may be an abbreviation of the
 * keyword (FRR accepts `router bg 1` for `router bgp 1`); a last word ending in `-` is the start
 * of a name (`weft-`), so only Weft's own prefix lists and route maps are owned.
 */
export const WEFT_OWNED_FRR_STATEMENTS: readonly string[] = [
  'frr version',
  'frr defaults',
  'hostname',
  'service integrated-vtysh-config',
  'vrf ',
  'vni ',
  'interface ',
  'router bgp',
  'ip prefix-list weft-',
  'ipv6 prefix-list weft-',
  'route-map weft-',
];

/** Words that bind a statement to a VRF, wherever they appear (`ip route ... vrf Vrf1`, `nexthop-vrf`). */
const VRF_WORDS: ReadonlySet<string> = new Set(['vrf', 'vr', 'nexthop-vrf']);

const OWNED_WORDS: readonly (readonly string[])[] = WEFT_OWNED_FRR_STATEMENTS.map((statement) => words(statement));

function words(text: string): string[] {
  return text.trim().toLowerCase().split(/\s+/).filter((word) => word !== '');
}

function wordMatches(lineWord: string, ownedWord: string): boolean {
  if (ownedWord.endsWith('-')) return lineWord.startsWith(ownedWord);
  return lineWord !== '' && ownedWord.startsWith(lineWord);
}

function startsOwnedStatement(lineWords: readonly string[], owned: readonly string[]): boolean {
  if (lineWords.length < owned.length) return false;
  return owned.every((ownedWord, index) => wordMatches(lineWords[index] as string, ownedWord));
}

/**
 * True when a configuration line touches what Weft owns. `no` in front does not change that.
 * Interfaces: without `deviceInterfaces` every `interface` statement is owned (the safe
 * default); with them, only statements naming one of those interfaces, or the loopback
 * (whose address Weft sets on FRR nodes), are.
 */
export function frrStatementOwned(line: string, deviceInterfaces?: readonly string[]): boolean {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('!') || trimmed.startsWith('#')) return false;
  const lineWords = words(trimmed);
  const statement = lineWords[0] !== undefined && 'no'.startsWith(lineWords[0]) ? lineWords.slice(1) : lineWords;
  if (statement.some((word) => VRF_WORDS.has(word))) return true;
  return OWNED_WORDS.some((owned) => {
    if (!startsOwnedStatement(statement, owned)) return false;
    if (owned[0] !== 'interface' || deviceInterfaces === undefined) return true;
    const name = statement[1];
    return name === 'lo' || deviceInterfaces.some((known) => known.toLowerCase() === name);
  });
}
