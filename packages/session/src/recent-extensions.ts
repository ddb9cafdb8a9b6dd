import { LRUCache } from "lru-cache";

/** Most sessions whose last extension a store remembers; the least recently used go first. */
const MAX_REMEMBERED = 100_000;

/**
 * The sessions this process extended with a `get` within the last `touchAfterMs` (the store's
 * option). A rolling `get` of one of them needs no write: its expiry is at most `touchAfterMs`
 * behind what a write would set, so it reads with one plain HMGET instead of a script call. Only
 * this process's own extensions count: a session extended elsewhere, or forgotten, is extended again.
 */
export class RecentExtensions {
  readonly #extended: LRUCache<string, true> | undefined;

  /** `touchAfterMs`: how long an extension makes later extensions unnecessary; 0 remembers nothing. */
  constructor(touchAfterMs: number) {
    this.#extended = touchAfterMs > 0 ? new LRUCache<string, true>({ max: MAX_REMEMBERED, ttl: touchAfterMs }) : undefined;
  }

  /** Notes that the session was just extended. */
  extended(storageId: string): void {
    this.#extended?.set(storageId, true);
  }

  /** True when this process extended the session less than `touchAfterMs` ago. */
  isRecent(storageId: string): boolean {
    return this.#extended?.has(storageId) ?? false;
  }

  /** Forgets a session (destroyed): its next read goes to the script again. */
  forget(storageId: string): void {
    this.#extended?.delete(storageId);
  }
}
