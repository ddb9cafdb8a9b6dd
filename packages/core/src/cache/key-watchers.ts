/** A watch on one key: {@link next} resolves when the key was announced, or after a pause. */
export interface KeyWatch {
  /** Resolves true once the key has been announced since the last call (or now), false after `milliseconds` without. */
  next(milliseconds: number): Promise<boolean>;
  /** Stops watching. */
  close(): void;
}

class Watch implements KeyWatch {
  #signaled = false;
  #wake: ((woken: boolean) => void) | undefined;

  constructor(readonly onClose: (watch: Watch) => void) {}

  signal(): void {
    if (this.#wake) this.#wake(true);
    else this.#signaled = true;
  }

  next(milliseconds: number): Promise<boolean> {
    if (this.#signaled) {
      this.#signaled = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), Math.max(0, milliseconds));
      const finish = (woken: boolean) => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve(woken);
      };
      this.#wake = finish;
    });
  }

  close(): void {
    this.#wake?.(false);
    this.onClose(this);
  }
}

/**
 * Callers waiting for another process to fill a key. A watch is opened before the lock check it
 * follows, so an announcement that lands between the check and the wait still wakes it.
 */
export class KeyWatchers {
  readonly #watches = new Map<string, Set<Watch>>();

  /** Opens a watch on `key`; close it when done. */
  watch(key: string): KeyWatch {
    const watch = new Watch((closed) => {
      const set = this.#watches.get(key);
      set?.delete(closed);
      if (set?.size === 0) this.#watches.delete(key);
    });
    let set = this.#watches.get(key);
    if (!set) {
      set = new Set();
      this.#watches.set(key, set);
    }
    set.add(watch);
    return watch;
  }

  /** Wakes the watches of `keys`. */
  notify(keys: readonly string[]): void {
    if (this.#watches.size === 0) return;
    for (const key of keys) {
      const set = this.#watches.get(key);
      if (set) for (const watch of set) watch.signal();
    }
  }

  /** Wakes every watch (the cache closes). */
  notifyAll(): void {
    for (const set of this.#watches.values()) for (const watch of set) watch.signal();
  }
}
