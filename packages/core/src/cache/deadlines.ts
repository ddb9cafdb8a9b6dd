/** A registered deadline; pass it to {@link Deadlines.cancel} when the work finished in time. */
export interface Deadline {
  readonly at: number;
  readonly expire: () => void;
}

/**
 * Timeouts for many short calls without a timer per call: one unref'd interval sweeps the pending
 * deadlines every `resolution` ms while there are any (a deadline fires up to `resolution` late).
 * A timer per Redis call cost as much as a tenth of a cache read.
 */
export class Deadlines {
  readonly #pending = new Set<Deadline>();
  #timer: NodeJS.Timeout | undefined;
  #idleSweeps = 0;

  constructor(readonly resolution: number) {}

  /** Calls `expire` once `milliseconds` have passed, unless cancelled first. */
  add(milliseconds: number, expire: () => void): Deadline {
    const deadline = { at: Date.now() + milliseconds, expire };
    this.#pending.add(deadline);
    if (!this.#timer) {
      this.#timer = setInterval(() => this.#sweep(), this.resolution);
      this.#timer.unref();
    }
    return deadline;
  }

  cancel(deadline: Deadline): void {
    this.#pending.delete(deadline);
  }

  /** Stops the interval (pending deadlines never fire). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
  }

  #sweep(): void {
    if (this.#pending.size === 0) {
      // Kept for a few idle sweeps: calls come in bursts, and re-arming costs as much as a timer per call.
      if (++this.#idleSweeps > 10) {
        clearInterval(this.#timer);
        this.#timer = undefined;
        this.#idleSweeps = 0;
      }
      return;
    }
    this.#idleSweeps = 0;
    const now = Date.now();
    for (const deadline of this.#pending) {
      if (deadline.at <= now) {
        this.#pending.delete(deadline);
        deadline.expire();
      }
    }
  }
}
