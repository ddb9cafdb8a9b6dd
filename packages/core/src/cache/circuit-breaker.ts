import type { CircuitState } from "./cache-types.js";

/**
 * Closed: calls go through; `failureThreshold` consecutive failures open it. Open: calls are
 * refused at once for `openMs`. Half-open: one call (the probe) goes through; its success closes
 * the circuit, its failure opens it again.
 */
export class CircuitBreaker {
  #state: CircuitState = "closed";
  #failures = 0;
  #openedAt = 0;

  constructor(
    readonly failureThreshold: number,
    readonly openMs: number,
    readonly now: () => number = Date.now,
  ) {}

  /** The current state. */
  get state(): CircuitState {
    return this.#state;
  }

  /** True when a call may go to Redis now; moves an open circuit whose time is up to half-open and lets that one call probe. */
  tryAcquire(): boolean {
    if (this.#state === "closed") return true;
    if (this.#state === "open" && this.now() - this.#openedAt >= this.openMs) {
      this.#state = "half-open";
      return true;
    }
    return false;
  }

  /** Records a successful call; returns true when it closed an open or half-open circuit. */
  succeed(): boolean {
    this.#failures = 0;
    if (this.#state === "closed") return false;
    this.#state = "closed";
    return true;
  }

  /** Records a failed call; returns true when it opened the circuit. */
  fail(): boolean {
    if (this.#state === "open") return false;
    this.#failures += 1;
    if (this.#state === "half-open" || this.#failures >= this.failureThreshold) {
      this.#state = "open";
      this.#openedAt = this.now();
      return true;
    }
    return false;
  }
}
