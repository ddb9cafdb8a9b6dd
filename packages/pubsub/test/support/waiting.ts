/** Retries `attempt` until it resolves (recovery checks), for at most `milliseconds`. */
export async function eventually<T>(attempt: () => Promise<T> | T, milliseconds = 15_000): Promise<T> {
  const deadline = Date.now() + milliseconds;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
      await pause(50);
    }
  }
  throw lastError;
}

/**
 * Liveness, not speed: fails when `promise` has not settled after `milliseconds`, which means the
 * operation hung. Bounds are generous multiples of what the operation should take.
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

/** Waits `milliseconds`. */
export function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Collects values pushed by handlers and waits until enough arrived. */
export class Inbox<T> {
  readonly items: T[] = [];
  #waiters: { count: number; resolve(): void }[] = [];

  push = (item: T): void => {
    this.items.push(item);
    this.#waiters = this.#waiters.filter((waiter) => {
      if (this.items.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  };

  /** Resolves once `count` items arrived; fails after `milliseconds` (a message never came). */
  async waitFor(count: number, milliseconds = 10_000): Promise<T[]> {
    if (this.items.length < count) {
      await settlesWithin(new Promise<void>((resolve) => this.#waiters.push({ count, resolve })), milliseconds).catch(() => {
        throw new Error(`expected ${count} item(s), got ${this.items.length}: ${JSON.stringify(this.items).slice(0, 500)}`);
      });
    }
    return this.items;
  }
}
