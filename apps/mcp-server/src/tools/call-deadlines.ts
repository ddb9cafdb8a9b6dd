import { ToolError } from "../guard/error-result.js";

/** What a timed call's work sees. */
export interface TimedCall {
  /** Aborted on timeout or when the client cancels; made only when the work asks for it. */
  readonly signal: AbortSignal;
  /** When the call times out (`Date.now()` time): work that waits on purpose ends before it. */
  readonly deadline: number;
}

interface Entry {
  deadline: number;
  /** The SDK's per-request signal: aborted when the client cancels. */
  cancelled: AbortSignal;
  stop(reason: unknown): void;
}

/** How often calls in flight are checked for their deadline and for cancellation. */
export const DEADLINE_TICK_MS = 100;

function cancellation(cancelled: AbortSignal): unknown {
  return cancelled.reason ?? new ToolError("E_CANCELLED", "the call was cancelled.");
}

/**
 * Per-call timeouts and cancellation at the cost of one Set entry per call: one interval per
 * session checks the calls in flight for their deadline and for a cancelled request. A call's
 * AbortSignal, and a listener for the client's cancellation, are made only when its work reads
 * `signal` (the SCAN and pipeline loops): those stop at once, while a one-command tool that is
 * cancelled is let go within a tick (it would finish first anyway). AbortSignal listeners and
 * a timer per call were a measurable part of a string_get round trip.
 */
export class CallDeadlines {
  readonly #calls = new Set<Entry>();
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly timeoutMs: number) {}

  #tick = () => {
    const now = Date.now();
    for (const entry of this.#calls) {
      if (entry.cancelled.aborted) entry.stop(cancellation(entry.cancelled));
      else if (entry.deadline <= now)
        entry.stop(new ToolError("E_TIMEOUT", `the call took longer than ${this.timeoutMs} ms and was stopped (the server's --request-timeout-ms).`));
    }
    if (this.#calls.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  };

  /**
   * Runs `work` until it settles, times out (E_TIMEOUT) or is cancelled through `cancelled`;
   * whichever comes first settles the returned promise. Work that is stopped is told through
   * its signal and its late result is dropped.
   */
  run<T>(cancelled: AbortSignal, work: (call: TimedCall) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let controller: AbortController | undefined;
      let reason: unknown;
      const entry: Entry = {
        deadline: Date.now() + this.timeoutMs,
        cancelled,
        stop: (why) => {
          if (reason !== undefined) return;
          reason = why;
          this.#calls.delete(entry);
          controller?.abort(why);
          reject(why);
        },
      };
      if (cancelled.aborted) {
        entry.stop(cancellation(cancelled));
        return;
      }
      this.#track(entry);
      const call: TimedCall = {
        deadline: entry.deadline,
        get signal() {
          if (!controller) {
            controller = new AbortController();
            if (reason !== undefined) controller.abort(reason);
            else cancelled.addEventListener("abort", () => entry.stop(cancellation(cancelled)), { once: true });
          }
          return controller.signal;
        },
      };
      const finish = () => this.#calls.delete(entry);
      work(call).then(
        (value) => {
          finish();
          resolve(value);
        },
        (error: unknown) => {
          finish();
          reject(error);
        },
      );
    });
  }

  #track(entry: Entry): void {
    this.#calls.add(entry);
    if (!this.#timer) {
      this.#timer = setInterval(this.#tick, DEADLINE_TICK_MS);
      this.#timer.unref();
    }
  }
}
