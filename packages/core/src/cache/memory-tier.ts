import { LRUCache } from "lru-cache";

/** An L1 entry: the decoded value and what is needed to judge and invalidate it. */
export interface MemoryEntry {
  value: unknown;
  /** Local time (ms since the epoch) until which the value is fresh; after it, only served in grace. */
  freshUntil: number;
  tags: readonly string[];
}

// Bytes counted per entry on top of the value's encoded length and the key: the Map slot, the
// entry object and lru-cache's bookkeeping, roughly.
const ENTRY_OVERHEAD_BYTES = 64;

/**
 * The in-process tier: an LRU bounded in bytes (the encoded size of each value plus its key),
 * each entry living until the end of its grace period, with an index from tag to keys so that a
 * tag invalidation drops exactly the entries that carry it.
 */
export class MemoryTier {
  readonly #entries: LRUCache<string, MemoryEntry>;
  readonly #keysByTag = new Map<string, Set<string>>();

  constructor(maxBytes: number) {
    this.#entries = new LRUCache<string, MemoryEntry>({
      maxSize: maxBytes,
      // The same clock as the entries' freshUntil (and one that test clocks can move).
      perf: { now: () => Date.now() },
      dispose: (entry, key) => this.#unindex(key, entry.tags),
    });
  }

  /** The entry of `key` if it has not outlived its grace period (fresh or stale). */
  get(key: string): MemoryEntry | undefined {
    return this.#entries.get(key);
  }

  /**
   * Stores an entry for `lifetimeMs` (until the end of its grace period). `encodedBytes` is the
   * size of the value as stored in Redis. An entry larger than the whole budget is not kept.
   */
  set(key: string, entry: MemoryEntry, lifetimeMs: number, encodedBytes: number): void {
    if (lifetimeMs <= 0) {
      this.#entries.delete(key);
      return;
    }
    const size = encodedBytes + key.length * 2 + ENTRY_OVERHEAD_BYTES;
    // The old entry (if any) is disposed inside set, which unindexes its tags; index the new ones after.
    this.#entries.set(key, entry, { ttl: Math.ceil(lifetimeMs), size });
    if (entry.tags.length > 0 && this.#entries.peek(key) === entry) {
      for (const tag of entry.tags) {
        let keys = this.#keysByTag.get(tag);
        if (!keys) {
          keys = new Set();
          this.#keysByTag.set(tag, keys);
        }
        keys.add(key);
      }
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Drops every entry carrying any of `tags`. */
  deleteTagged(tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.#keysByTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) this.#entries.delete(key);
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#keysByTag.clear();
  }

  /** Entries held (expired ones are counted until they are touched or pushed out). */
  get entries(): number {
    return this.#entries.size;
  }

  /** Bytes accounted for. */
  get bytes(): number {
    return this.#entries.calculatedSize;
  }

  #unindex(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.#keysByTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.#keysByTag.delete(tag);
    }
  }
}
