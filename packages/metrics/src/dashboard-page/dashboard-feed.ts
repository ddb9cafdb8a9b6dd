/** Receives every refresh as the text of one server-sent event. */
export type FeedListener = (event: string) => void;

/**
 * One poller for every open page: while at least one listener is subscribed, it calls `read`
 * every `intervalMs` (never two reads at once) and hands the same event text to every listener.
 * With no listener left it stops; the next subscriber starts it again. A new listener first gets
 * the last event, so a page opened between refreshes shows data at once.
 */
export class DashboardFeed {
  readonly #read: () => Promise<string>;
  readonly #intervalMs: number;
  readonly #listeners = new Set<FeedListener>();
  #latest: string | undefined;
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(read: () => Promise<string>, intervalMs: number) {
    this.#read = read;
    this.#intervalMs = intervalMs;
  }

  /** Listeners now subscribed. */
  get listeners(): number {
    return this.#listeners.size;
  }

  /** Adds a listener and returns how to remove it. */
  subscribe(listener: FeedListener): () => void {
    if (this.#closed) return () => {};
    this.#listeners.add(listener);
    if (this.#latest !== undefined) listener(this.#latest);
    if (!this.#running) void this.#loop();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#timer) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        this.#running = false;
      }
    };
  }

  async #loop(): Promise<void> {
    this.#running = true;
    this.#timer = undefined;
    // read() reports its own failures inside the event; a throw here is a bug, not a reason to stop.
    const event = await this.#read().catch(() => undefined);
    if (this.#closed) return;
    if (event !== undefined) {
      this.#latest = event;
      for (const listener of [...this.#listeners]) listener(event);
    }
    if (this.#listeners.size === 0) {
      this.#running = false;
      return;
    }
    this.#timer = setTimeout(() => void this.#loop(), this.#intervalMs);
    // The dashboard's timer never keeps a process alive on its own: its open connections do.
    this.#timer.unref();
  }

  /** Stops polling and forgets every listener. */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#running = false;
    this.#listeners.clear();
  }
}
