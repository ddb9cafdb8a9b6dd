import type { RedisClient } from "@redis-mcp/core";
import { InvalidArgumentError } from "@redis-mcp/core";
import { type SessionData as ExpressSessionData, Store } from "express-session";
import { MAX_TTL_MS } from "../options.js";
import type { SessionData } from "../session-data.js";
import { EncryptedSessionStore } from "../session-store.js";
import type { SessionStore, SessionStoreOptions } from "../session-types.js";

/** Default server-side TTL of a session whose cookie has no expiry (a browser-session cookie): one day, as connect-redis. */
export const DEFAULT_COOKIELESS_TTL_MS = 86_400_000;
/** A touch may use the expiry its request's get read this recently. */
const RECENT_READ_MS = 2_000;
/** A touch is a no-op when the stored expiry already reaches the cookie's to within this: clock offset between app and Redis, and rounding. */
const TOUCH_SLACK_MS = 100;
/** Most remembered reads; the oldest go first (each is removed by its request's touch or save anyway). */
const MAX_REMEMBERED_READS = 10_000;

/** Options of {@link RedisSessionStore}. */
export interface RedisSessionStoreOptions extends Omit<SessionStoreOptions, "rolling" | "touchAfterMs"> {
  /** TTL for sessions whose cookie has no expiry (default 86,400,000: one day); otherwise the cookie's expiry rules. */
  ttlMs?: number;
  /**
   * The user a session belongs to, read at each save, e.g. `(session) => session.userId`: indexes
   * it for `store.sessions.listForUser` and `destroyAllForUser` ("log out everywhere").
   */
  userId?: (session: ExpressSessionData & Record<string, unknown>) => string | number | null | undefined;
  /** Skip `touch` (express-session calls it on requests that did not change the session). */
  disableTouch?: boolean;
}

type Callback<Value> = (error: unknown, value?: Value) => void;

/** Calls `callback` with the outcome when given; returns the promise either way. */
function settle<Value>(work: Promise<Value>, callback: Callback<Value> | undefined): Promise<Value> {
  if (callback) {
    work.then(
      (value) => callback(null, value),
      (error: unknown) => callback(error),
    );
  }
  return work;
}

/** Runs `work` now, turning a synchronous throw into a rejected promise so it reaches the callback. */
function attempt<Value>(work: () => Promise<Value>): Promise<Value> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * An express-session (1.19) store on your ioredis client, encrypted and cluster-safe; the same
 * object is a store for @fastify/session 11 (same callback contract). Every method takes an
 * optional callback and also returns a promise. The session store underneath is `sessions`, for
 * `listForUser` and `destroyAllForUser` ("log out everywhere").
 * @throws SessionKeyError (`E_SESSION_KEY`) for a missing or short secret; InvalidArgumentError
 *   (`E_INVALID_ARGUMENT`) for other bad options.
 * @example
 * app.use(session({
 *   store: new RedisSessionStore(redis, { secret: process.env.SESSION_KEY, userId: (session) => session.userId }),
 *   secret: process.env.COOKIE_SECRET, resave: false, saveUninitialized: false, cookie: { maxAge: 3_600_000 },
 * }));
 */
export class RedisSessionStore extends Store {
  /** The session store underneath (same Redis keys): `listForUser`, `destroyAllForUser`, `count`, ... */
  readonly sessions: SessionStore<SessionData>;
  readonly #store: EncryptedSessionStore<SessionData>;
  readonly #defaultTtlMs: number;
  /** The stored expiry each recent get saw, by session id: lets the touch that ends the request skip a no-op. */
  readonly #recentReads = new Map<string, { expiresAt: number; readAt: number }>();
  readonly #userIdOf: RedisSessionStoreOptions["userId"];
  readonly #disableTouch: boolean;

  constructor(redis: RedisClient, options: RedisSessionStoreOptions) {
    super();
    if (typeof options !== "object" || options === null)
      throw new InvalidArgumentError("RedisSessionStore: options are required: at least { secret } or { keys }.");
    if (options.userId !== undefined && typeof options.userId !== "function") {
      throw new InvalidArgumentError("RedisSessionStore: userId must be a function of the session, e.g. (session) => session.userId.");
    }
    const ttlMs = options.ttlMs ?? DEFAULT_COOKIELESS_TTL_MS;
    // express-session decides when a session is extended (touch); reads never extend it themselves.
    const { userId: _userIdOption, disableTouch: _disableTouchOption, ...storeOptions } = options;
    this.#store = new EncryptedSessionStore<SessionData>(redis, { ...storeOptions, ttlMs, rolling: false });
    this.sessions = this.#store;
    this.#defaultTtlMs = ttlMs;
    this.#userIdOf = options.userId;
    this.#disableTouch = options.disableTouch ?? false;
  }

  /** Milliseconds until the cookie expires, or the default TTL for a cookie without expiry. */
  #ttlOf(session: ExpressSessionData): number {
    const expires = (session as { cookie?: { expires?: Date | string | null } }).cookie?.expires;
    if (expires === undefined || expires === null) return this.#defaultTtlMs;
    // A cookie set to outlive the store's ten-year ceiling is kept for ten years; an invalid date is NaN: destroyed.
    return Math.min(MAX_TTL_MS, Math.ceil(new Date(expires).getTime() - Date.now()));
  }

  #remember(sid: string, expiresAt: number): void {
    this.#recentReads.delete(sid);
    if (this.#recentReads.size >= MAX_REMEMBERED_READS) this.#recentReads.delete(this.#recentReads.keys().next().value as string);
    this.#recentReads.set(sid, { expiresAt, readAt: Date.now() });
  }

  /** Reads a session (without extending it): the data express-session saved, or null. One round trip. */
  override get(sid: string, callback?: Callback<ExpressSessionData | null>): Promise<ExpressSessionData | null> {
    return settle(
      attempt(async () => {
        const read = await this.#store.peekData(sid);
        if (!read) return null;
        this.#remember(sid, read.expiresAt);
        return read.data as unknown as ExpressSessionData;
      }),
      callback,
    );
  }

  /** Saves a session; its TTL follows the cookie's expiry. An id destroyed moments ago is not brought back. */
  override set(sid: string, session: ExpressSessionData, callback?: Callback<void>): Promise<void> {
    return settle(
      attempt(async () => {
        this.#recentReads.delete(sid);
        const ttlMs = this.#ttlOf(session);
        if (!(ttlMs > 0)) {
          await this.sessions.destroy(sid);
          return;
        }
        // A Session object: its own fields (cookie included, through its toJSON); methods and symbols stay behind.
        const data: SessionData = { ...(session as unknown as SessionData) };
        const userId = this.#userIdOf?.(session as ExpressSessionData & Record<string, unknown>);
        await this.sessions.set(sid, data, { ttlMs, userId: userId ?? undefined });
      }),
      callback,
    );
  }

  /**
   * Extends a session to its cookie's expiry (express-session calls it for requests that did not
   * change the session). Skipped, with no round trip, when this request's get saw a stored expiry
   * that already reaches the cookie's: express-session without `rolling` keeps the cookie's expiry,
   * so that touch would change nothing.
   */
  override touch(sid: string, session: ExpressSessionData, callback?: Callback<void>): Promise<void> {
    return settle(
      attempt(async () => {
        const read = this.#recentReads.get(sid);
        this.#recentReads.delete(sid);
        if (this.#disableTouch) return;
        const ttlMs = this.#ttlOf(session);
        if (!(ttlMs > 0)) {
          await this.sessions.destroy(sid);
          return;
        }
        const now = Date.now();
        if (read && now - read.readAt <= RECENT_READ_MS && read.expiresAt >= now + ttlMs - TOUCH_SLACK_MS) return;
        await this.sessions.touch(sid, { ttlMs });
      }),
      callback,
    );
  }

  /** Destroys a session for good (logout): a request still in flight cannot save it back. */
  override destroy(sid: string, callback?: Callback<void>): Promise<void> {
    return settle(
      attempt(async () => {
        this.#recentReads.delete(sid);
        await this.sessions.destroy(sid);
      }),
      callback,
    );
  }

  /** Every session's data with its `id` (walks the keyspace: admin use). */
  override all(callback?: Callback<ExpressSessionData[]>): Promise<ExpressSessionData[]> {
    return settle(
      attempt(async () => {
        const all: ExpressSessionData[] = [];
        for await (const session of this.sessions.sessions()) all.push({ ...session.data, id: session.id } as unknown as ExpressSessionData);
        return all;
      }),
      callback,
    );
  }

  /** How many sessions exist (walks the keyspace). */
  override length(callback?: Callback<number>): Promise<number> {
    return settle(
      attempt(() => this.sessions.count()),
      callback,
    );
  }

  /** Destroys every session. */
  override clear(callback?: Callback<void>): Promise<void> {
    return settle(
      attempt(async () => {
        await this.sessions.clear();
      }),
      callback,
    );
  }

  /** Every session id (walks the keyspace and decrypts each session's id). */
  ids(callback?: Callback<string[]>): Promise<string[]> {
    return settle(
      attempt(async () => {
        const ids: string[] = [];
        for await (const session of this.sessions.sessions()) ids.push(session.id);
        return ids;
      }),
      callback,
    );
  }
}
