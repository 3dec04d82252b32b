/**
 * A sorted list changed by a few items. A re-render of a switch splices the entries and stanzas
 * a change adds or removes into its earlier sorted lists instead of sorting everything again.
 * Pure: the lists given are never changed.
 */

/** Keys in `compare` order, no two comparing equal, and a value per key. */
export interface SortedItems<K, V> {
  readonly keys: readonly K[];
  readonly values: readonly V[];
}

export const NO_SORTED_ITEMS: SortedItems<never, never> = { keys: [], values: [] };

/** The index of a key comparing equal to `key`, or -(where it would go) - 1. */
function search<K>(keys: readonly K[], key: K, compare: (a: K, b: K) => number): number {
  let low = 0;
  let high = keys.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = compare(keys[middle] as K, key);
    if (order < 0) low = middle + 1;
    else if (order > 0) high = middle - 1;
    else return middle;
  }
  return -low - 1;
}

/** The value of `key` in `items`, or undefined when no key there is that very key. */
export function sortedValue<K, V>(items: SortedItems<K, V>, key: K, compare: (a: K, b: K) => number): V | undefined {
  const at = search(items.keys, key, compare);
  // where the key would go (a negative index) holds no key
  return items.keys[at] === key ? items.values[at] : undefined;
}

/**
 * `items` without the keys `removed` and with `added`, in `compare` order. Undefined when a
 * removed key is not there, or an added key compares equal to one there: a full sort would
 * order such a tie by input, which a splice cannot know, so the caller renders in full.
 */
export function spliceSorted<K, V>(
  items: SortedItems<K, V>,
  removed: readonly K[],
  added: readonly (readonly [K, V])[],
  compare: (a: K, b: K) => number,
): SortedItems<K, V> | undefined {
  const keys = items.keys.slice();
  const values = items.values.slice();
  for (const key of removed) {
    const at = search(keys, key, compare);
    if (keys[at] !== key) return undefined;
    keys.splice(at, 1);
    values.splice(at, 1);
  }
  for (const [key, value] of added) {
    const at = search(keys, key, compare);
    if (at >= 0) return undefined;
    keys.splice(-at - 1, 0, key);
    values.splice(-at - 1, 0, value);
  }
  return { keys, values };
}

/** Whether no two neighbouring keys compare equal (a splice needs a list without ties). */
export function withoutTies<K>(keys: readonly K[], compare: (a: K, b: K) => number): boolean {
  for (let i = 1; i < keys.length; i++) if (compare(keys[i - 1] as K, keys[i] as K) === 0) return false;
  return true;
}

/** What `after` lost and gained against `before`, by identity, each in its list's order. */
export function changedItems<T>(before: readonly T[], after: readonly T[]): { readonly gone: T[]; readonly added: T[] } {
  const left = new Set(before);
  const added: T[] = [];
  for (const item of after) if (!left.delete(item)) added.push(item);
  return { gone: [...left], added };
}
