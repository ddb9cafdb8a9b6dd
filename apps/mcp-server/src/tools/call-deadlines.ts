import { ToolError } from "../guard/error-result.js";

/** One call being timed. */
export interface CallDeadline {
  /** Aborted on timeout or when the client cancels; created only when a tool asks for it. */
  readonly signal: AbortSignal;
  /** Settles with the call's rejection (timeout or cancellation), never resolves. */
  readonly stopped: Promise<never>;
  /** Stops watching this call. */
  done(): void;
}

interface Entry {
  deadline: number;
  stop(reason: unknown): void;
}

const TICK_MS = 100;

/**
 * Per-call timeouts without a timer and an AbortController per call: one interval per session
 * checks the calls in flight, and a call's AbortSignal is made only if its tool reads it (most
 * tools never do). Cancellation by the client (the SDK's signal) stops a call at once.
 */
export class CallDeadlines {
  readonly #calls = new Set<Entry>();
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly timeoutMs: number) {}

  #tick = () => {
    const now = Date.now();
    for (const entry of this.#calls) {
      if (entry.deadline <= now) entry.stop(new ToolError("E_TIMEOUT", `the call took longer than ${this.timeoutMs} ms and was stopped.`));
    }
    if (this.#calls.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  };

  /** Starts timing a call; `cancelled` is the SDK's per-request signal. */
  watch(cancelled: AbortSignal): CallDeadline {
    let controller: AbortController | undefined;
    let reason: unknown;
    let rejectStopped: (error: unknown) => void = () => {};
    const stopped = new Promise<never>((_, reject) => {
      rejectStopped = reject;
    });
    // Nobody may listen (the call finished first): never an unhandled rejection.
    stopped.catch(() => undefined);
    const entry: Entry = {
      deadline: Date.now() + this.timeoutMs,
      stop: (why) => {
        if (reason !== undefined) return;
        reason = why;
        this.#calls.delete(entry);
        controller?.abort(why);
        rejectStopped(why);
      },
    };
    const onCancel = () => entry.stop(cancelled.reason ?? new ToolError("E_CANCELLED", "the call was cancelled."));
    if (cancelled.aborted) onCancel();
    else cancelled.addEventListener("abort", onCancel, { once: true });
    this.#calls.add(entry);
    if (!this.#timer) {
      this.#timer = setInterval(this.#tick, TICK_MS);
      this.#timer.unref();
    }
    return {
      get signal() {
        if (!controller) {
          controller = new AbortController();
          if (reason !== undefined) controller.abort(reason);
        }
        return controller.signal;
      },
      stopped,
      done: () => {
        this.#calls.delete(entry);
        cancelled.removeEventListener("abort", onCancel);
      },
    };
  }
}
