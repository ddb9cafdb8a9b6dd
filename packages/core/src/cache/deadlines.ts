/** A registered deadline; pass it to {@link Deadlines.cancel} when the work finished in time. */
export interface Deadline {
  readonly at: number;
  readonly expire: () => void;
}

/** A pending deadline: `done` once it fired or was cancelled. */
interface Pending extends Deadline {
  done: boolean;
}

/**
 * Timeouts for many short calls without a timer per call: one unref'd interval sweeps the pending
 * deadlines every `resolution` ms while there are any (a deadline fires up to `resolution` late).
 * A timer per Redis call cost as much as a tenth of a cache read; a Set of pending deadlines still
 * cost about 1 µs per call (hashing on add and delete), so `cancel` only marks a deadline done and
 * the sweep, which walks them all anyway, drops it.
 */
export class Deadlines {
  #pending: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;
  #idleSweeps = 0;

  constructor(readonly resolution: number) {}

  /** Calls `expire` once `milliseconds` have passed, unless cancelled first. */
  add(milliseconds: number, expire: () => void): Deadline {
    const deadline: Pending = { at: Date.now() + milliseconds, expire, done: false };
    this.#pending.push(deadline);
    if (!this.#timer) {
      this.#timer = setInterval(() => this.#sweep(), this.resolution);
      this.#timer.unref();
    }
    return deadline;
  }

  cancel(deadline: Deadline): void {
    (deadline as Pending).done = true;
  }

  /** Stops the interval (pending deadlines never fire). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const deadline of this.#pending) deadline.done = true;
    this.#pending = [];
  }

  #sweep(): void {
    if (this.#pending.length === 0) {
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
    const due: Pending[] = [];
    // A new array, not an in-place filter: an expire callback may add deadlines while this runs.
    const waiting: Pending[] = [];
    for (const deadline of this.#pending) {
      if (deadline.done) continue;
      if (deadline.at <= now) due.push(deadline);
      else waiting.push(deadline);
    }
    this.#pending = waiting;
    for (const deadline of due) {
      if (deadline.done) continue;
      deadline.done = true;
      deadline.expire();
    }
  }
}
