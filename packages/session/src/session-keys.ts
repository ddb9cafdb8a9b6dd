import { hash, randomBytes } from "node:crypto";
import { escapeGlob, InvalidArgumentError } from "@redis-mcp/core";

/** The Redis keys of one store (one prefix). */
export interface SessionKeyspace {
  readonly prefix: string;
  /** Hash of one session: `<prefix>{<storage id>}`. */
  session(storageId: string): string;
  /** Marker of a destroyed session (same slot): `<prefix>{<storage id>}:destroyed`. */
  tombstone(storageId: string): string;
  /** Sorted set of one user's sessions, scored by an upper bound of their expiry: `<prefix>user:{<user tag>}`. */
  userIndex(userTag: string): string;
  /** SCAN pattern of every session hash (not tombstones, not indexes). */
  readonly sessionPattern: string;
  /** SCAN pattern of every user index. */
  readonly userIndexPattern: string;
}

/** Longest id accepted (express-session's are 32 characters, ours 43). */
export const MAX_ID_LENGTH = 256;
/** Longest user id accepted. */
export const MAX_USER_ID_LENGTH = 512;

function base64UrlSha256(text: string): string {
  // The one-shot hash (Node 20.12+) skips the Hash object: a quarter of createHash's cost, on every request.
  return hash("sha256", text, "base64url");
}

/** A new session id: 256 random bits, URL-safe base64 (43 characters). */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The storage id of a session: the SHA-256 of its id. Keys are named by it, so someone who can list
 * or read Redis keys (an operator, a monitoring tool, an agent) cannot learn a usable session id.
 */
export function storageIdOf(id: string): string {
  return base64UrlSha256(id);
}

/** The hash tag of a user's index: a hash, so any user id (braces, e-mail addresses, any length) makes a valid, uniform key. */
export function userTagOf(userId: string): string {
  return base64UrlSha256(`user\u0000${userId}`);
}

/**
 * Checks a session id given by a caller.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a non-string, an empty string or one longer than 256 characters.
 */
export function checkSessionId(operation: string, id: unknown): string {
  if (typeof id !== "string" || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw new InvalidArgumentError(`${operation}: the session id must be a string of 1 to ${MAX_ID_LENGTH} characters (the id create() returned).`);
  }
  return id;
}

/**
 * Checks a user id given by a caller; numbers are accepted and used as their decimal text.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for anything else than a non-empty string (at most 512 characters) or a finite number.
 */
export function checkUserId(operation: string, userId: unknown): string {
  if (typeof userId === "number" && Number.isFinite(userId)) return String(userId);
  if (typeof userId !== "string" || userId.length === 0 || userId.length > MAX_USER_ID_LENGTH) {
    throw new InvalidArgumentError(`${operation}: userId must be a non-empty string of at most ${MAX_USER_ID_LENGTH} characters, or a number.`);
  }
  return userId;
}

/**
 * The keyspace of a store with `prefix`.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty prefix, one with braces (they would change the hash tag) or one longer than 100 characters.
 */
export function sessionKeyspace(prefix: string): SessionKeyspace {
  if (typeof prefix !== "string" || prefix.length === 0 || prefix.length > 100 || /[{}]/.test(prefix)) {
    throw new InvalidArgumentError(
      `createSessionStore: prefix must be 1 to 100 characters without "{" or "}" (the store adds its own hash tags, and counts sessions by prefix), e.g. "sess:".`,
    );
  }
  return {
    prefix,
    session: (storageId) => `${prefix}{${storageId}}`,
    tombstone: (storageId) => `${prefix}{${storageId}}:destroyed`,
    userIndex: (userTag) => `${prefix}user:{${userTag}}`,
    sessionPattern: `${escapeGlob(prefix)}{*}`,
    userIndexPattern: `${escapeGlob(prefix)}user:{*}`,
  };
}
