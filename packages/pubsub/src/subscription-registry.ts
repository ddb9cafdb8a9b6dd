/** How the registry changes Redis's subscriptions: one name at a time. */
export interface SubscriptionTransport {
  subscribe(name: string): Promise<unknown>;
  unsubscribe(name: string): Promise<unknown>;
}

interface Entry<Listener> {
  listeners: Set<Listener>;
  /** Whether Redis has the subscription, as far as our last completed command says. */
  subscribed: boolean;
  /** The reconciliation running for this name, if any. */
  work: Promise<void> | undefined;
}

/**
 * Reference-counted subscriptions: one Redis subscription per name, shared by every local
 * listener. The first listener subscribes, the last one leaving unsubscribes. Commands for one
 * name never overlap: a single reconciliation per name runs until Redis matches what the local
 * listeners want, so interleaved subscribe/unsubscribe calls neither leak a subscription nor send
 * a second SUBSCRIBE.
 */
export class SubscriptionRegistry<Listener> {
  readonly #entries = new Map<string, Entry<Listener>>();

  constructor(readonly transport: SubscriptionTransport) {}

  /** The listeners of a name right now (empty when none). */
  listeners(name: string): ReadonlySet<Listener> | undefined {
    return this.#entries.get(name)?.listeners;
  }

  /** Names with at least one local listener, and how many. */
  snapshot(): { name: string; listeners: number }[] {
    const names: { name: string; listeners: number }[] = [];
    for (const [name, entry] of this.#entries) if (entry.listeners.size > 0) names.push({ name, listeners: entry.listeners.size });
    return names.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  }

  /** Number of names Redis is (or is being) subscribed to, or that still await an unsubscribe. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Adds `listener` to every name and resolves once Redis has all of them. On failure the
   * listener is taken off again and the error is rethrown.
   */
  async add(names: readonly string[], listener: Listener): Promise<void> {
    for (const name of names) this.#entryOf(name).listeners.add(listener);
    try {
      await Promise.all(names.map((name) => this.#reconcile(name)));
    } catch (error) {
      // Settle every name before rethrowing, so nothing stays half-subscribed behind our back.
      await this.remove(names, listener).catch(() => undefined);
      throw error;
    }
  }

  /** Takes `listener` off every name (at once: it gets no more messages) and resolves once Redis matches. */
  async remove(names: readonly string[], listener: Listener): Promise<void> {
    for (const name of names) this.#entries.get(name)?.listeners.delete(listener);
    await Promise.all(names.map((name) => this.#reconcile(name)));
  }

  /** Re-runs every reconciliation that a failure left unfinished (after a reconnect). */
  async reconcileAll(): Promise<void> {
    await Promise.all([...this.#entries.keys()].map((name) => this.#reconcile(name)));
  }

  /** Forgets everything without sending anything (the connection is going away). */
  clear(): void {
    this.#entries.clear();
  }

  #entryOf(name: string): Entry<Listener> {
    let entry = this.#entries.get(name);
    if (!entry) {
      entry = { listeners: new Set(), subscribed: false, work: undefined };
      this.#entries.set(name, entry);
    }
    return entry;
  }

  #reconcile(name: string): Promise<void> {
    const entry = this.#entries.get(name);
    if (!entry) return Promise.resolve();
    // A running loop re-reads the wanted state after each command, so it also serves this caller.
    if (entry.work) return entry.work;
    const run = async (): Promise<void> => {
      // Yield first: `entry.work` must be set before the loop can finish (and clear it).
      await undefined;
      try {
        for (;;) {
          const wanted = entry.listeners.size > 0;
          if (wanted === entry.subscribed) return;
          if (wanted) {
            await this.transport.subscribe(name);
            entry.subscribed = true;
          } else {
            await this.transport.unsubscribe(name);
            entry.subscribed = false;
          }
        }
      } finally {
        if (entry.work === work) entry.work = undefined;
        if (entry.listeners.size === 0 && !entry.subscribed && this.#entries.get(name) === entry) this.#entries.delete(name);
      }
    };
    const work = run();
    entry.work = work;
    return work;
  }
}
