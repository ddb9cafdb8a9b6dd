/**
 * Waiting helpers for tests that check liveness and recovery, never speed: each bound is a
 * generous multiple of what the operation should take, and a failure means "it hung", not "slow".
 */

/** Waits `milliseconds`. */
export function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * Fails when `promise` has not settled after `milliseconds`, which means the operation hung.
 * @throws Error "still pending after N ms: the operation hangs".
 */
export async function settlesWithin<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${milliseconds} ms: the operation hangs`)), milliseconds);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Retries `attempt` every `intervalMs` until it resolves (something asynchronous landing, a
 * recovery), for at most `milliseconds`.
 * @throws the last error of `attempt` when it never resolved in time.
 */
export async function eventually<T>(attempt: () => Promise<T> | T, milliseconds = 15_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + milliseconds;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
      await pause(intervalMs);
    }
  }
  throw lastError;
}

/** Collects values pushed by handlers and waits until enough arrived. */
export class Inbox<T> {
  readonly items: T[] = [];
  #waiters: { count: number; resolve(): void }[] = [];

  /** A handler: records `item` and wakes the waiters it satisfies. */
  push = (item: T): void => {
    this.items.push(item);
    this.#waiters = this.#waiters.filter((waiter) => {
      if (this.items.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  };

  /**
   * Resolves once `count` items arrived.
   * @throws Error listing what did arrive, after `milliseconds` (a message never came).
   */
  async waitFor(count: number, milliseconds = 10_000): Promise<T[]> {
    if (this.items.length < count) {
      await settlesWithin(new Promise<void>((resolve) => this.#waiters.push({ count, resolve })), milliseconds).catch(() => {
        throw new Error(`expected ${count} item(s), got ${this.items.length}: ${JSON.stringify(this.items).slice(0, 500)}`);
      });
    }
    return this.items;
  }
}
