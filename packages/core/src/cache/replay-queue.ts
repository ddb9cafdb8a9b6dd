/** What must still reach Redis after an outage. */
export interface PendingReplay {
  keys: string[];
  tags: string[];
  clear: boolean;
}

/**
 * Deletes and tag invalidations that could not reach Redis (timeout, open circuit), kept so that
 * Redis and the other instances catch up once Redis answers again: without them, an entry written
 * or deleted here during the outage would come back from Redis with its old value. Bounded: past
 * `limit` items the whole namespace is cleared on recovery instead.
 */
export class ReplayQueue {
  #keys = new Set<string>();
  #tags = new Set<string>();
  #clear = false;

  constructor(readonly limit: number) {}

  /** Items waiting (a pending clear counts as one). */
  get size(): number {
    return this.#clear ? 1 : this.#keys.size + this.#tags.size;
  }

  addKeys(keys: readonly string[]): void {
    if (this.#clear) return;
    for (const key of keys) this.#keys.add(key);
    this.#overflow();
  }

  addTags(tags: readonly string[]): void {
    if (this.#clear) return;
    for (const tag of tags) this.#tags.add(tag);
    this.#overflow();
  }

  addClear(): void {
    this.#clear = true;
    this.#keys.clear();
    this.#tags.clear();
  }

  /** Takes everything pending (the queue is empty afterwards); give it back with {@link restore} if replaying fails. */
  take(): PendingReplay {
    const taken = { keys: [...this.#keys], tags: [...this.#tags], clear: this.#clear };
    this.#keys = new Set();
    this.#tags = new Set();
    this.#clear = false;
    return taken;
  }

  restore(pending: PendingReplay): void {
    if (pending.clear) this.addClear();
    this.addKeys(pending.keys);
    this.addTags(pending.tags);
  }

  #overflow(): void {
    if (this.#keys.size + this.#tags.size > this.limit) this.addClear();
  }
}
