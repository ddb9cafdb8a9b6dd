/**
 * Acknowledges in batches: the acks of one event-loop turn (handlers of a batch finishing together,
 * also when each awaited something of its own) go out as one XACK. A failed XACK is retried a few
 * times; after that the ids stay pending and are delivered again (at least once), and the error is
 * reported.
 */
export class AckBatcher {
  #ids: string[] = [];
  #scheduled = false;
  readonly #inFlight = new Set<Promise<void>>();

  /**
   * @param send Acknowledges a batch (one XACK).
   * @param onFailure Called with the error of a batch that failed every retry.
   * @param retryDelaysMs Pauses before each retry.
   */
  constructor(
    readonly send: (ids: string[]) => Promise<unknown>,
    readonly onFailure: (error: unknown, ids: string[]) => void,
    readonly retryDelaysMs: readonly number[] = [100, 400, 1_600],
  ) {}

  /** Queues an ack, sent with the others of this event-loop turn; {@link drain} waits for it. Never throws. */
  ack(id: string): void {
    this.#ids.push(id);
    if (!this.#scheduled) {
      this.#scheduled = true;
      // After this turn's I/O callbacks, not just its microtasks: handlers resumed by different
      // replies of one socket read still share the XACK.
      setImmediate(() => this.#flush());
    }
  }

  /** Resolves once every queued and running batch settled. */
  async drain(): Promise<void> {
    if (this.#ids.length > 0) this.#flush();
    await Promise.all([...this.#inFlight]);
  }

  #flush(): void {
    this.#scheduled = false;
    const ids = this.#ids;
    if (ids.length === 0) return;
    this.#ids = [];
    const batch = this.#sendWithRetries(ids).finally(() => {
      this.#inFlight.delete(batch);
    });
    this.#inFlight.add(batch);
  }

  async #sendWithRetries(ids: string[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.send(ids);
        return;
      } catch (error) {
        const delay = this.retryDelaysMs[attempt];
        if (delay === undefined) {
          this.onFailure(error, ids);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
