import type { KeyRingOptions } from "./crypto/key-ring.js";
import type { SessionDecryptError } from "./errors.js";
import type { SessionData } from "./session-data.js";

/** A session as the store returns it. Times are milliseconds since the epoch, from the Redis server's clock. */
export interface Session<Data extends SessionData = SessionData> {
  /** The session id: 256 random bits, URL-safe (43 characters). A bearer secret: put it in a cookie, never in a page or a log. */
  id: string;
  /** The session's data, as last written. */
  data: Data;
  /** The user it belongs to, or null for an anonymous session. */
  userId: string | null;
  /** Client IP address given at creation, or null. */
  ip: string | null;
  /** Client user agent given at creation, or null. */
  userAgent: string | null;
  createdAt: number;
  /** When the session was last read, updated or touched. */
  lastAccessed: number;
  /** When it expires unless used again (with rolling expiry) or touched. */
  expiresAt: number;
}

/** Options of {@link SessionStore.create}. */
export interface CreateSessionOptions {
  /** The user the session belongs to: indexes it for `listForUser` and `destroyAllForUser`. */
  userId?: string | number;
  /** Client IP address, stored encrypted (at most 1,024 characters). */
  ip?: string;
  /** Client user agent, stored encrypted (at most 1,024 characters). */
  userAgent?: string;
  /** This session's idle TTL, instead of the store's (e.g. a longer "remember me"). */
  ttlMs?: number;
}

/** Options of {@link SessionStore.set}. */
export interface SetSessionOptions extends CreateSessionOptions {}

/** Options of {@link SessionStore.touch}. */
export interface TouchSessionOptions {
  /** Extend by this much instead of the session's idle TTL (it becomes the session's idle TTL). */
  ttlMs?: number;
}

/** Options of {@link SessionStore.listForUser}. */
export interface ListSessionsOptions {
  /** At most this many sessions, most recently used first (default 100, at most 10,000). */
  limit?: number;
}

/** Options of {@link createSessionStore}. */
export interface SessionStoreOptions extends KeyRingOptions {
  /** Idle TTL: a session expires this long after its last use (default 3,600,000: one hour). */
  ttlMs?: number;
  /** Extend a session's expiry whenever it is read or updated (default true). `touch` always extends. */
  rolling?: boolean;
  /**
   * With rolling expiry: a `get` within this long of this process's last extending `get` of the
   * session reads it with one plain HMGET and writes nothing, instead of
   * a script call that writes `lastAccessed` and the expiry (default 0: every `get` extends). The
   * trade-off: `lastAccessed` and `expiresAt` may lag the last read by up to this long, so a
   * session left idle expires between `ttlMs - touchAfterMs` and `ttlMs` after its last use. Keep
   * it a small fraction of `ttlMs` (e.g. 60,000 for an hour).
   */
  touchAfterMs?: number;
  /** Absolute lifetime: no session lives longer than this after creation, however active (default: none). */
  maxLifetimeMs?: number;
  /** Key prefix (default `"sess:"`); no braces. */
  prefix?: string;
  /** Largest encrypted size of a session's data fields, in bytes (default 65,536: 64 KiB). */
  maxSessionBytes?: number;
  /**
   * Bytes of recently read sessions (stored and decrypted) kept in this process, so a session
   * whose stored bytes did not change since its last read skips decryption (default 8,388,608:
   * 8 MiB; 0 turns it off). Reused only for byte-identical values that were authenticated before.
   */
  decryptionCacheBytes?: number;
  /** Called with each `E_SESSION_DECRYPT` error that a read turned into "no session" (for security monitoring). */
  onDecryptError?: (error: SessionDecryptError) => void;
}

/**
 * The session store contract: what `createSessionStore` returns, what the conformance suite in
 * `@redis-mcp/session/testing` checks, and what the express-session adapter builds on.
 */
export interface SessionStore<Data extends SessionData = SessionData> {
  /** Resolves once the encryption keys are derived (every operation waits for it by itself). */
  ready(): Promise<void>;
  /** Creates a session with a new random id. */
  create(data: Data, options?: CreateSessionOptions): Promise<Session<Data>>;
  /** Reads a session and marks it used (lastAccessed; with rolling, the expiry): one round trip. Null when absent, expired, destroyed or undecryptable. */
  get(id: string): Promise<Session<Data> | null>;
  /** Reads a session without marking it used. */
  peek(id: string): Promise<Session<Data> | null>;
  /** Merges top-level fields atomically (`undefined` removes a field) and marks the session used; null when there is no session. */
  update(id: string, patch: Partial<Data>): Promise<Session<Data> | null>;
  /** Writes a whole session under an id you chose (express-session's), replacing its data; false when the id was destroyed (within one idle TTL). */
  set(id: string, data: Data, options?: SetSessionOptions): Promise<boolean>;
  /** Extends a session's expiry; false when there is no session. */
  touch(id: string, options?: TouchSessionOptions): Promise<boolean>;
  /** Destroys a session for good: no write still in flight can bring it back. False when there was none. */
  destroy(id: string): Promise<boolean>;
  /** The live sessions of a user, most recently used first. */
  listForUser(userId: string | number, options?: ListSessionsOptions): Promise<Session<Data>[]>;
  /** Destroys every session of a user ("log out everywhere"); returns how many. */
  destroyAllForUser(userId: string | number): Promise<number>;
  /** How many sessions exist (walks the keyspace: for dashboards and admin, not per request). */
  count(): Promise<number>;
  /** Every session, in no particular order, without marking any used (walks the keyspace). */
  sessions(): AsyncIterable<Session<Data>>;
  /** Destroys every session of this store and drops the user indexes; returns how many sessions. */
  clear(): Promise<number>;
}
