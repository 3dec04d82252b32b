/**
 * The VyOS configuration paths Weft owns. The VyOS agent deletes these subtrees before setting
 * them again (commit diffs the trees, so unchanged content costs nothing), and a ConfigTemplate
 * may not touch them. A last word ending in `-` is a name prefix: Weft owns the prefix lists
 * called `weft-...`, not the others.
 */
export const WEFT_OWNED_VYOS_PATHS: readonly string[] = [
  'interfaces bridge',
  'interfaces ethernet',
  'interfaces loopback',
  'interfaces vxlan',
  'firewall ipv4 name weft-',
  'policy community-list weft-',
  'policy prefix-list weft-',
  'policy route-map weft-',
  'protocols bgp',
  'system host-name',
  'vrf',
];

const OWNED_WORDS: readonly (readonly string[])[] = WEFT_OWNED_VYOS_PATHS.map((path) => path.split(' '));

/** Leading command words that are not part of the configuration path. */
const VERBS = new Set(['set', 'delete', 'comment']);

function pathWords(words: readonly string[]): readonly string[] {
  const first = words[0];
  return first !== undefined && VERBS.has(first) ? words.slice(1) : words;
}

function wordMatches(owned: string, word: string): boolean {
  return owned.endsWith('-') ? word.startsWith(owned) && word.length > owned.length : word === owned;
}

/** True when `owned` is a prefix of `path`, word by word. */
function isUnder(path: readonly string[], owned: readonly string[]): boolean {
  if (path.length < owned.length) return false;
  return owned.every((word, index) => wordMatches(word, path[index] as string));
}

/** True when `path` stops above `owned` on the way to it (deleting it would delete Weft's part). */
function isAbove(path: readonly string[], owned: readonly string[]): boolean {
  if (path.length >= owned.length) return false;
  return path.every((word, index) => wordMatches(owned[index] as string, word));
}

/**
 * True when the path lies in a subtree Weft owns. `words` is a tokenized path; a leading `set`,
 * `delete` or `comment` is ignored, so a whole tokenized command line can be passed.
 */
export function vyosPathOwned(words: readonly string[]): boolean {
  const path = pathWords(words);
  return OWNED_WORDS.some((owned) => isUnder(path, owned));
}

/**
 * True when the path is owned or contains an owned subtree (`delete policy`, `delete
 * interfaces`): what a `delete` in a ConfigTemplate must not do.
 */
export function vyosPathOverlapsOwned(words: readonly string[]): boolean {
  const path = pathWords(words);
  if (path.length === 0) return false;
  return OWNED_WORDS.some((owned) => isUnder(path, owned) || isAbove(path, owned));
}
