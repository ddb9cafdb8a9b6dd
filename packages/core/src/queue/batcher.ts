/** A call waiting to be sent: its items and how to settle it. */
interface PendingCall {
  items: readonly unknown[];
  resolve(results: unknown[]): void;
  reject(error: unknown): void;
}

/** Consecutive calls of one kind: sent as one request. */
interface PendingGroup {
  kind: string;
  send: (items: unknown[]) => Promise<unknown[]>;
  calls: PendingCall[];
  size: number;
}

/**
 * Merges calls made in the same tick into as few requests (Lua calls) as possible and hands each
 * caller its slice of the results: 500 concurrent enqueues cost one script run, not 500. Only
 * consecutive calls of the same kind merge, and groups go out in call order, so Redis sees the
 * operations in the order they were called; `flush()` sends everything pending at once, before an
 * operation that does not batch.
 */
export class Batcher {
  #groups: PendingGroup[] = [];
  #scheduled = false;

  /** @param maxItems Most items per request; a call that would overflow it starts the next one. */
  constructor(readonly maxItems: number) {}

  /** True while calls wait to be sent. */
  get pending(): boolean {
    return this.#groups.length > 0;
  }

  /**
   * Queues one call; resolves with one result per item once the request it went in returns.
   * @param kind Calls merge only with the directly preceding calls of the same kind.
   * @param send Sends a request's items and resolves with one result per item, in order.
   */
  submit<Item, Result>(kind: string, items: readonly Item[], send: (items: Item[]) => Promise<Result[]>): Promise<Result[]> {
    return new Promise<Result[]>((resolve, reject) => {
      const call: PendingCall = { items, resolve: resolve as (results: unknown[]) => void, reject };
      const last = this.#groups.at(-1);
      if (last && last.kind === kind && last.size + items.length <= this.maxItems) {
        last.calls.push(call);
        last.size += items.length;
      } else {
        this.#groups.push({ kind, send: send as (items: unknown[]) => Promise<unknown[]>, calls: [call], size: items.length });
      }
      if (!this.#scheduled) {
        this.#scheduled = true;
        // After the current microtasks: everything called in this tick rides along.
        process.nextTick(() => {
          this.#scheduled = false;
          this.flush();
        });
      }
    });
  }

  /** Sends every pending group now, in call order (a no-op when none wait). */
  flush(): void {
    const groups = this.#groups;
    this.#groups = [];
    for (const group of groups) {
      let sent: Promise<unknown[]>;
      try {
        sent = group.send(group.calls.flatMap((call) => call.items));
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.then(
        (results) => {
          let offset = 0;
          for (const call of group.calls) {
            call.resolve(results.slice(offset, offset + call.items.length));
            offset += call.items.length;
          }
        },
        (error: unknown) => {
          for (const call of group.calls) call.reject(error);
        },
      );
    }
  }
}
