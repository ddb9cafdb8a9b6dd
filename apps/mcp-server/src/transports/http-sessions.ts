/** What the registry keeps per session: something it can close when the session expires. */
export interface Closable {
  close(): Promise<void>;
}

interface Entry<T extends Closable> {
  value: T;
  principalId: string;
  lastActivity: number;
  /** Requests of this session in progress that do work (POST, DELETE); open event streams are not work. */
  busy: number;
}

/** Limits of {@link HttpSessions}. */
export interface HttpSessionLimits {
  /** A session without a request for this long, and none in progress, is closed. */
  idleTimeoutMs: number;
  /** Open sessions in all. */
  maxSessions: number;
  /** Open sessions per principal; undefined for principals without a quota. */
  maxSessionsFor(principalId: string): number | undefined;
}

/** Room for one session being initialized (see {@link HttpSessions.reserve}). */
export interface SessionReservation<T> {
  /** The session is initialized: record it under its id. */
  open(sessionId: string, value: T): void;
  /** The initialization failed: give the room back. */
  release(): void;
}

/** Why a new session cannot be opened now. */
export type SessionRefusal = "server-full" | "quota-full";

/**
 * The open MCP sessions of the HTTP transport, by session id: who owns each, when it was last
 * used, a session quota per principal, and idle expiry. Sessions are bound to the principal's
 * stable id (a token's digest), never to a name. A session closes itself when idle (its close
 * reports back through {@link delete}).
 */
export class HttpSessions<T extends Closable> {
  readonly #entries = new Map<string, Entry<T>>();
  /** Open sessions plus initializations in progress, per principal. */
  readonly #perPrincipal = new Map<string, number>();
  #pending = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly limits: HttpSessionLimits,
    readonly now: () => number = Date.now,
  ) {}

  /** Sessions open now. */
  get size(): number {
    return this.#entries.size;
  }

  /** Sessions open now for one principal (initializations in progress included). */
  countFor(principalId: string): number {
    return this.#perPrincipal.get(principalId) ?? 0;
  }

  /**
   * Reserves room for a session a principal is initializing, or says why there is none. The
   * reservation becomes the session with `open` once the SDK has given it an id, or is given back
   * with `release` when the initialization fails (both at most once).
   */
  reserve(principalId: string): SessionReservation<T> | SessionRefusal {
    if (this.#entries.size + this.#pending >= this.limits.maxSessions) return "server-full";
    const quota = this.limits.maxSessionsFor(principalId);
    if (quota !== undefined && this.countFor(principalId) >= quota) return "quota-full";
    this.#pending += 1;
    this.#perPrincipal.set(principalId, this.countFor(principalId) + 1);
    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      this.#pending -= 1;
      return true;
    };
    return {
      open: (sessionId, value) => {
        if (!settle()) return;
        this.#entries.set(sessionId, { value, principalId, lastActivity: this.now(), busy: 0 });
        this.#startSweeping();
      },
      release: () => {
        if (settle()) this.#release(principalId);
      },
    };
  }

  /** The session and its owner, or undefined for an unknown or expired id. */
  get(sessionId: string): { value: T; principalId: string } | undefined {
    const entry = this.#entries.get(sessionId);
    return entry && { value: entry.value, principalId: entry.principalId };
  }

  /** Marks the start of a request on the session; `work` requests (not event streams) keep it from expiring. */
  begin(sessionId: string, work: boolean): void {
    const entry = this.#entries.get(sessionId);
    if (!entry) return;
    entry.lastActivity = this.now();
    if (work) entry.busy += 1;
  }

  /** Marks the end of a request begun with {@link begin}. */
  end(sessionId: string, work: boolean): void {
    const entry = this.#entries.get(sessionId);
    if (!entry) return;
    entry.lastActivity = this.now();
    if (work) entry.busy = Math.max(0, entry.busy - 1);
  }

  /** Forgets a session (it closed, or the client deleted it). */
  delete(sessionId: string): void {
    const entry = this.#entries.get(sessionId);
    if (!entry) return;
    this.#entries.delete(sessionId);
    this.#release(entry.principalId);
    if (this.#entries.size === 0) this.#stopSweeping();
  }

  /** Closes every session idle for the timeout with nothing in progress; returns their ids. */
  expireIdle(): string[] {
    const cutoff = this.now() - this.limits.idleTimeoutMs;
    const expired: string[] = [];
    for (const [id, entry] of this.#entries) {
      if (entry.busy > 0 || entry.lastActivity > cutoff) continue;
      expired.push(id);
      this.delete(id);
      void entry.value.close().catch(() => undefined);
    }
    return expired;
  }

  /** Closes every session (server shutdown). */
  async closeAll(): Promise<void> {
    const values = [...this.#entries.values()].map((entry) => entry.value);
    this.#stopSweeping();
    await Promise.all(values.map((value) => value.close().catch(() => undefined)));
  }

  #release(principalId: string): void {
    const count = this.countFor(principalId) - 1;
    if (count > 0) this.#perPrincipal.set(principalId, count);
    else this.#perPrincipal.delete(principalId);
  }

  #startSweeping(): void {
    if (this.#timer) return;
    // Checked a few times per timeout: a session lives at most a third longer than asked.
    this.#timer = setInterval(() => this.expireIdle(), Math.max(250, Math.min(60_000, Math.floor(this.limits.idleTimeoutMs / 3))));
    this.#timer.unref();
  }

  #stopSweeping(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
