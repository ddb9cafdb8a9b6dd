/** Lets a loop sleep until something changes (a slot frees up, stop was asked) or a timeout passes. */
export class Wakeup {
  #waiters: (() => void)[] = [];

  /** Resolves at the next {@link wake}, or after `timeoutMs` when given. */
  wait(timeoutMs?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.#waiters = this.#waiters.filter((waiter) => waiter !== done);
          resolve();
        }, timeoutMs);
      }
      this.#waiters.push(done);
    });
  }

  /** Wakes every waiter. */
  wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter();
  }
}
