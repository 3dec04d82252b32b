/**
 * A persistent map for what a compile keeps between recompiles: a changed copy shares every
 * part the change did not touch with the original, so a change of a few keys in a map of
 * thousands costs a few small copies instead of a copy of the whole map (and the garbage).
 *
 * Entries live in 256 shards by a hash of the key, each a native Map; a draft copies the shard
 * list once and a shard the first time it writes to it. Reading costs one hash and one native
 * lookup. Iteration goes shard by shard, each in insertion order: deterministic for the same
 * history of writes, but not the insertion order of the whole map (callers sort where order
 * matters, as they must for a Map filled in a different order by a full compile).
 * ADR 91 says why not Immutable.js (its string keys cost ~10x a native lookup).
 */

type Key = string | number;

const SHARD_BITS = 8;
const SHARDS = 1 << SHARD_BITS;
const NO_SHARDS: readonly undefined[] = new Array<undefined>(SHARDS).fill(undefined);

/** FNV-1a over the UTF-16 code units, folded to a shard index. */
function shardOf(key: Key): number {
  if (typeof key === 'number') return (Math.imul(key | 0, 0x9e3779b1) >>> (32 - SHARD_BITS)) & (SHARDS - 1);
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash ^ (hash >>> 16)) & (SHARDS - 1);
}

abstract class ShardedEntries<K extends Key, V> implements ReadonlyMap<K, V> {
  protected abstract shards(): readonly (ReadonlyMap<K, V> | undefined)[];
  abstract readonly size: number;

  get(key: K): V | undefined {
    return this.shards()[shardOf(key)]?.get(key);
  }

  has(key: K): boolean {
    return this.shards()[shardOf(key)]?.has(key) === true;
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }

  *entries(): MapIterator<[K, V]> {
    for (const shard of this.shards()) if (shard !== undefined) yield* shard.entries();
  }

  *keys(): MapIterator<K> {
    for (const shard of this.shards()) if (shard !== undefined) yield* shard.keys();
  }

  *values(): MapIterator<V> {
    for (const shard of this.shards()) if (shard !== undefined) yield* shard.values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

export class SharedMap<K extends Key, V> extends ShardedEntries<K, V> {
  private static readonly EMPTY = new SharedMap<never, never>(NO_SHARDS, 0);

  private constructor(
    private readonly parts: readonly (ReadonlyMap<K, V> | undefined)[],
    readonly size: number,
  ) {
    super();
  }

  static empty<K extends Key, V>(): SharedMap<K, V> {
    return SharedMap.EMPTY;
  }

  static of<K extends Key, V>(entries: Iterable<readonly [K, V]>): SharedMap<K, V> {
    const draft = SharedMap.empty<K, V>().draft();
    for (const [key, value] of entries) draft.set(key, value);
    return draft.finish();
  }

  /** A map to change; this one stays as it is. */
  draft(): MapDraft<K, V> {
    return new MapDraft(this.parts, this.size);
  }

  protected shards(): readonly (ReadonlyMap<K, V> | undefined)[] {
    return this.parts;
  }

  /**
   * The keys whose value here is not the very same as in `earlier` (new ones included), in this
   * map's order, then those only `earlier` has. Shards the two maps share are not read: a
   * map drafted from another by a few changes costs what changed.
   */
  changedSince(earlier: SharedMap<K, V>): K[] {
    const changed: K[] = [];
    const gone: K[] = [];
    for (let i = 0; i < SHARDS; i++) {
      const mine = this.parts[i];
      const theirs = earlier.parts[i];
      if (mine === theirs) continue;
      for (const [key, value] of mine ?? []) if (theirs === undefined || theirs.get(key) !== value || !theirs.has(key)) changed.push(key);
      for (const key of theirs?.keys() ?? []) if (mine?.has(key) !== true) gone.push(key);
    }
    return [...changed, ...gone];
  }

  /** For MapDraft.finish only. */
  static fromShards<K extends Key, V>(shards: readonly (ReadonlyMap<K, V> | undefined)[], size: number): SharedMap<K, V> {
    return size === 0 ? SharedMap.empty() : new SharedMap(shards, size);
  }
}

/** The changes to a SharedMap, readable as they are made; `finish` makes the new map. */
export class MapDraft<K extends Key, V> extends ShardedEntries<K, V> {
  private readonly parts: (ReadonlyMap<K, V> | undefined)[];
  /** shards this draft copied, and so may write */
  private readonly own = new Set<number>();
  private count: number;
  private done = false;

  constructor(shards: readonly (ReadonlyMap<K, V> | undefined)[], size: number) {
    super();
    this.parts = [...shards];
    this.count = size;
  }

  get size(): number {
    return this.count;
  }

  protected shards(): readonly (ReadonlyMap<K, V> | undefined)[] {
    return this.parts;
  }

  set(key: K, value: V): this {
    const shard = this.writable(shardOf(key));
    if (!shard.has(key)) this.count++;
    shard.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    const index = shardOf(key);
    if (this.parts[index]?.has(key) !== true) return false;
    this.writable(index).delete(key);
    this.count--;
    return true;
  }

  finish(): SharedMap<K, V> {
    this.done = true;
    return SharedMap.fromShards(this.parts, this.count);
  }

  private writable(index: number): Map<K, V> {
    if (this.done) throw new Error('this SharedMap draft is finished: start another one');
    const shard = this.parts[index];
    if (shard !== undefined && this.own.has(index)) return shard as Map<K, V>;
    const copy = new Map<K, V>(shard);
    this.parts[index] = copy;
    this.own.add(index);
    return copy;
  }
}
