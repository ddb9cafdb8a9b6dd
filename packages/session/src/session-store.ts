import { adoptRedis, InvalidArgumentError, isCluster, multiDelete, type RedisClient, scan, toRedisMcpError } from "@redis-mcp/core";
import { commandPerItem } from "./command-per-item.js";
import { DEFAULT_DECRYPTION_CACHE_BYTES, DecryptionCache } from "./crypto/decryption-cache.js";
import { encryptField } from "./crypto/field-cipher.js";
import { checkKeyRing, deriveKeyRing, type KeyRing } from "./crypto/key-ring.js";
import { SessionDecryptError, SessionTooLargeError } from "./errors.js";
import { integerOption, MAX_TTL_MS, optionalText } from "./options.js";
import { RecentExtensions } from "./recent-extensions.js";
import {
  BASE_FIELD,
  decimalOf,
  encryptBase,
  encryptOverrides,
  type OpenedSession,
  openParts,
  openReply,
  openSession,
  type StaleField,
  toFieldMap,
} from "./session-codec.js";
import { type DataChange, decodeValue, encodeData, type SessionData } from "./session-data.js";
import { checkSessionId, checkUserId, newSessionId, type SessionKeyspace, sessionKeyspace, storageIdOf, userTagOf } from "./session-keys.js";
import {
  compactScript,
  destroyScript,
  extendIndexedScript,
  getScript,
  indexAddScript,
  indexExtendScript,
  indexReadScript,
  indexRemoveScript,
  raiseBoundScript,
  rewrapScript,
  touchScript,
  updateScript,
  writeBoundScript,
  writeIndexedScript,
  writeScript,
} from "./session-scripts.js";
import type {
  CreateSessionOptions,
  ListSessionsOptions,
  Session,
  SessionStore,
  SessionStoreOptions,
  SetSessionOptions,
  TouchSessionOptions,
} from "./session-types.js";

/** Default idle TTL: one hour, as the seed's session manager. */
export const DEFAULT_TTL_MS = 3_600_000;
/** Default largest encrypted size of a session's data: 64 KiB. Sessions hold ids and small state; bulk data belongs in its own keys. */
export const DEFAULT_MAX_SESSION_BYTES = 65_536;
/** Most sessions `listForUser` returns and `destroyAllForUser` handles per call. */
export const MAX_SESSIONS_PER_USER = 10_000;
/** Overrides a read folds into a new base: reads decrypt one value per override, so they must not pile up. */
const COMPACT_AFTER_OVERRIDES = 8;
/** Attempts of an update that needs room while other updates keep changing the session. */
const COMPACT_ATTEMPTS = 5;
/** Sessions read per pipeline while walking the keyspace. */
const WALK_BATCH = 500;

/** What a plain read returns for a session with update overrides: read it whole instead. */
const OVERRIDDEN = Symbol("overridden");

/** Status code of the write scripts: written. */
const WRITTEN = 1;
/** First element of the update script's reply when the patch would not fit. */
const TOO_LARGE = -1;

interface WriteRequest {
  mode: "create" | "set";
  storageId: string;
  userTag: string;
  ttlMs: number;
  /** The encrypted base: meta and data. */
  base: Buffer;
}

interface WriteOutcome {
  written: boolean;
  now: number;
  expiresAt: number;
  createdAt: number;
}

/** The Redis session store; `createSessionStore` returns it as a {@link SessionStore}. */
export class EncryptedSessionStore<Data extends SessionData> implements SessionStore<Data> {
  readonly #client: RedisClient;
  readonly #keyspace: SessionKeyspace;
  readonly #ring: Promise<KeyRing>;
  #readyRing: KeyRing | undefined;
  readonly #ttlMs: number;
  readonly #rolling: boolean;
  readonly #maxLifetimeMs: number;
  readonly #maxSessionBytes: number;
  readonly #onDecryptError: ((error: SessionDecryptError) => void) | undefined;
  readonly #decryptions: DecryptionCache;
  readonly #recentExtensions: RecentExtensions;

  constructor(client: RedisClient, options: SessionStoreOptions) {
    const operation = "createSessionStore";
    if (typeof options !== "object" || options === null) throw new InvalidArgumentError(`${operation}: options are required: at least { secret } or { keys }.`);
    const checked = checkKeyRing(operation, options);
    this.#client = adoptRedis(client);
    this.#keyspace = sessionKeyspace(options.prefix ?? "sess:");
    this.#ttlMs = integerOption(operation, "ttlMs", options.ttlMs, DEFAULT_TTL_MS, 1, MAX_TTL_MS);
    this.#maxLifetimeMs = integerOption(operation, "maxLifetimeMs", options.maxLifetimeMs, 0, 1, MAX_TTL_MS);
    this.#maxSessionBytes = integerOption(operation, "maxSessionBytes", options.maxSessionBytes, DEFAULT_MAX_SESSION_BYTES, 128, 16 * 1024 * 1024);
    if (options.rolling !== undefined && typeof options.rolling !== "boolean") throw new InvalidArgumentError(`${operation}: rolling must be true or false.`);
    this.#rolling = options.rolling ?? true;
    this.#recentExtensions = new RecentExtensions(integerOption(operation, "touchAfterMs", options.touchAfterMs, 0, 0, MAX_TTL_MS));
    if (options.onDecryptError !== undefined && typeof options.onDecryptError !== "function") {
      throw new InvalidArgumentError(`${operation}: onDecryptError must be a function.`);
    }
    this.#onDecryptError = options.onDecryptError;
    this.#decryptions = new DecryptionCache(
      integerOption(operation, "decryptionCacheBytes", options.decryptionCacheBytes, DEFAULT_DECRYPTION_CACHE_BYTES, 0, 1024 * 1024 * 1024),
    );
    this.#ring = deriveKeyRing(checked);
    // Failures surface from the first operation; without this, a store never used would crash the process.
    this.#ring.catch(() => {});
  }

  async #keys(): Promise<KeyRing> {
    if (this.#readyRing === undefined) this.#readyRing = await this.#ring;
    return this.#readyRing;
  }

  async ready(): Promise<void> {
    await this.#keys();
  }

  // ---- writes of whole sessions -------------------------------------------------------------

  #checkSize(operation: string, stored: readonly Buffer[]): void {
    const size = stored.reduce((total, value) => total + value.length, 0);
    if (size > this.#maxSessionBytes) {
      throw new SessionTooLargeError(
        `${operation}: the session's data takes ${size} bytes encrypted, over maxSessionBytes (${this.#maxSessionBytes}); keep bulk data in its own keys. Nothing was written.`,
      );
    }
  }

  /**
   * Writes a whole session. With a user, the index entry is added first (atomically with the
   * write where both keys are on one server; before it on a cluster, where they are not), so a
   * live session is always in its user's index.
   */
  async #write(request: WriteRequest, operation: string): Promise<WriteOutcome> {
    const { storageId, userTag } = request;
    const keys = [this.#keyspace.session(storageId), this.#keyspace.tombstone(storageId)];
    const args = (sixth: string | number) => [request.mode, userTag, request.ttlMs, this.#maxLifetimeMs, request.base, sixth];
    let reply: unknown[];
    const index = userTag === "" ? "" : this.#keyspace.userIndex(userTag);
    if (userTag === "") {
      reply = (await writeScript.run(this.#client, keys, args(0), operation)) as unknown[];
    } else if (!isCluster(this.#client)) {
      reply = (await writeIndexedScript.run(this.#client, [...keys, index], args(storageId), operation)) as unknown[];
    } else {
      const bound = await indexAddScript.run(this.#client, [index], [storageId, request.ttlMs], operation);
      reply = (await writeBoundScript.run(this.#client, keys, args(Number(bound)), operation)) as unknown[];
    }
    const status = Number(reply[0]);
    const previousUserTag = String(reply[1] ?? "");
    // A refused write must not leave an index entry behind; a user change leaves the old index.
    if (status !== WRITTEN && index !== "") await indexRemoveScript.run(this.#client, [index], [storageId], operation);
    if (previousUserTag !== "" && previousUserTag !== userTag) {
      await indexRemoveScript.run(this.#client, [this.#keyspace.userIndex(previousUserTag)], [storageId], operation);
    }
    return { written: status === WRITTEN, now: Number(reply[2]), expiresAt: Number(reply[3]), createdAt: Number(reply[4]) };
  }

  #prepareWrite(operation: string, data: unknown, options: CreateSessionOptions | undefined) {
    if (options !== undefined && (typeof options !== "object" || options === null)) throw new InvalidArgumentError(`${operation}: options must be an object.`);
    const change = encodeData(operation, data, false);
    const userId = options?.userId === undefined ? null : checkUserId(operation, options.userId);
    return {
      change,
      userId,
      ip: optionalText(operation, "ip", options?.ip),
      userAgent: optionalText(operation, "userAgent", options?.userAgent),
      ttlMs: integerOption(operation, "ttlMs", options?.ttlMs, this.#ttlMs, 1, MAX_TTL_MS),
    };
  }

  async create(data: Data, options?: CreateSessionOptions): Promise<Session<Data>> {
    const operation = "session create";
    const prepared = this.#prepareWrite(operation, data, options);
    const ring = await this.#keys();
    const id = newSessionId();
    const storageId = storageIdOf(id);
    const { userId, ip, userAgent, ttlMs } = prepared;
    const base = encryptBase(ring, storageId, { id, userId, ip, userAgent }, prepared.change.set);
    this.#checkSize(operation, [base]);
    const userTag = userId === null ? "" : userTagOf(userId);
    const outcome = await this.#write({ mode: "create", storageId, userTag, ttlMs, base }, operation);
    if (!outcome.written) {
      // 256 random bits do not collide; a refusal here means the clock or the store is broken.
      throw new InvalidArgumentError(`${operation}: the new session could not be written (maxLifetimeMs already passed?). Nothing was kept.`);
    }
    return {
      id,
      data: dataOf(prepared.change) as Data,
      userId,
      ip,
      userAgent,
      createdAt: outcome.createdAt,
      lastAccessed: outcome.now,
      expiresAt: outcome.expiresAt,
    };
  }

  async set(id: string, data: Data, options?: SetSessionOptions): Promise<boolean> {
    const operation = "session set";
    checkSessionId(operation, id);
    const prepared = this.#prepareWrite(operation, data, options);
    const ring = await this.#keys();
    const storageId = storageIdOf(id);
    const { userId, ip, userAgent, ttlMs } = prepared;
    const base = encryptBase(ring, storageId, { id, userId, ip, userAgent }, prepared.change.set);
    this.#checkSize(operation, [base]);
    const userTag = userId === null ? "" : userTagOf(userId);
    return (await this.#write({ mode: "set", storageId, userTag, ttlMs, base }, operation)).written;
  }

  // ---- reads and updates ----------------------------------------------------------------------

  /** Decrypts, or reports the failure and returns null: tampered data reads as no session. */
  #open(ring: KeyRing, storageId: string, fields: Map<string, Buffer>): OpenedSession | null {
    return this.#decrypting(() => openSession(ring, this.#decryptions, storageId, fields));
  }

  #decrypting<Opened>(open: () => Opened): Opened | null {
    try {
      return open();
    } catch (error) {
      return this.#decryptFailed(error);
    }
  }

  /** A decryption failure reads as no session (reported to onDecryptError); anything else is rethrown. */
  #decryptFailed(error: unknown): null {
    if (!(error instanceof SessionDecryptError)) throw error;
    this.#onDecryptError?.(error);
    return null;
  }

  /** After a rolling extension came close to the index bound: raise the bound (index first). */
  async #renewBound(storageId: string, userTag: string, ttlMs: number, operation: string): Promise<void> {
    const key = this.#keyspace.session(storageId);
    const index = this.#keyspace.userIndex(userTag);
    if (!isCluster(this.#client)) {
      await extendIndexedScript.run(this.#client, [key, index], [userTag, storageId, ttlMs], operation);
      return;
    }
    const bound = Number(await indexExtendScript.run(this.#client, [index], [storageId, ttlMs], operation));
    if (bound > 0) await raiseBoundScript.run(this.#client, [key], [userTag, bound], operation);
  }

  /**
   * Keeps reads cheap and rotations finite after a read: folds piled-up overrides into a new base
   * (which also re-encrypts everything with the primary), or re-encrypts fields under older keys.
   */
  async #maintain(ring: KeyRing, storageId: string, opened: OpenedSession, operation: string): Promise<void> {
    if (opened.overrides >= COMPACT_AFTER_OVERRIDES) {
      const base = this.#baseOf(ring, storageId, opened.session, operation);
      // A concurrent update changed the version: the next read folds it.
      await compactScript.run(this.#client, [this.#keyspace.session(storageId)], [opened.version, base, "keep", 0], operation);
    } else {
      await this.#rewrap(ring, storageId, opened.stale, operation);
    }
  }

  #baseOf(ring: KeyRing, storageId: string, session: Session, operation: string): Buffer {
    const { id, userId, ip, userAgent } = session;
    return encryptBase(ring, storageId, { id, userId, ip, userAgent }, encodeData(operation, session.data, false).set);
  }

  /** Re-encrypts fields still under an older key, so old keys can leave the ring once sessions written with them expire. */
  async #rewrap(ring: KeyRing, storageId: string, stale: StaleField[], operation: string): Promise<void> {
    if (stale.length === 0) return;
    const args = stale.flatMap(({ field, stored, plaintext }) => [field, stored, encryptField(ring, storageId, field, plaintext)]);
    await rewrapScript.run(this.#client, [this.#keyspace.session(storageId)], args, operation);
  }

  /** Turns a read script's reply into a session, doing the rare follow-ups (bound raise, fold, re-encryption). */
  async #finishRead(ring: KeyRing, storageId: string, reply: unknown[], operation: string): Promise<Session<Data> | null> {
    const opened = this.#decrypting(() => openReply(ring, this.#decryptions, storageId, reply));
    if (!opened) return null;
    if (Number(reply[2]) === 1) await this.#renewBound(storageId, opened.userTag, opened.ttlMs, operation);
    if (opened.overrides >= COMPACT_AFTER_OVERRIDES || opened.stale.length > 0) await this.#maintain(ring, storageId, opened, operation);
    return opened.session as Session<Data>;
  }

  async get(id: string): Promise<Session<Data> | null> {
    const operation = "session get";
    checkSessionId(operation, id);
    const ring = this.#readyRing ?? (await this.#keys());
    const storageId = storageIdOf(id);
    if (this.#rolling && this.#recentExtensions.isRecent(storageId)) {
      // Extended by this process less than touchAfterMs ago: a read without a write will do.
      const read = await this.#plainRead(ring, storageId, true, operation);
      if (read !== OVERRIDDEN) return read as Session<Data> | null;
      // Updated since: the script reads the overrides too; until they are folded, reads take it directly.
      this.#recentExtensions.forget(storageId);
    }
    const reply = (await getScript.runBuffer(this.#client, [this.#keyspace.session(storageId)], [this.#rolling ? 1 : 0], operation)) as unknown[] | null;
    if (!reply) return null;
    // Only a session without update overrides (a reply of 8 values) can be read with the plain HMGET.
    if (this.#rolling && reply.length === 8) this.#recentExtensions.extended(storageId);
    return this.#finishRead(ring, storageId, reply, operation);
  }

  /**
   * Reads a session with one HMGET, without marking it used: its base, times and stored size. The
   * size equals the base's length exactly when no update override sits on top; otherwise this
   * returns OVERRIDDEN and the caller reads the whole session its own way.
   */
  async #plainRead(ring: KeyRing, storageId: string, withTimes: boolean, operation: string): Promise<Session | null | typeof OVERRIDDEN> {
    const key = this.#keyspace.session(storageId);
    let reply: (Buffer | null)[];
    try {
      // Without times (express-session's get needs only the expiry): two fewer values to decode.
      reply = await (withTimes ? this.#client.hmgetBuffer(key, "m", "s", "e", "c", "a") : this.#client.hmgetBuffer(key, "m", "s", "e"));
    } catch (error) {
      throw toRedisMcpError(error, operation);
    }
    const [base, size, expiresAt, createdAt, lastAccessed] = reply;
    if (!base || !expiresAt) return null;
    if (decimalOf(size) !== base.length) return OVERRIDDEN;
    const parts = {
      base,
      overrides: [],
      createdAt: createdAt ? decimalOf(createdAt) : 0,
      lastAccessed: lastAccessed ? decimalOf(lastAccessed) : 0,
      expiresAt: decimalOf(expiresAt),
      userTag: "",
      ttlMs: 0,
      version: "",
    };
    let opened: OpenedSession;
    try {
      opened = openParts(ring, this.#decryptions, storageId, parts);
    } catch (error) {
      return this.#decryptFailed(error);
    }
    if (opened.stale.length > 0) await this.#rewrap(ring, storageId, opened.stale, operation);
    return opened.session;
  }

  async peek(id: string): Promise<Session<Data> | null> {
    const operation = "session peek";
    checkSessionId(operation, id);
    const ring = this.#readyRing ?? (await this.#keys());
    const storageId = storageIdOf(id);
    const fields = toFieldMap(await this.#hashOf(storageId, operation));
    if (fields.size === 0) return null;
    const opened = this.#open(ring, storageId, fields);
    if (!opened) return null;
    if (opened.overrides >= COMPACT_AFTER_OVERRIDES || opened.stale.length > 0) await this.#maintain(ring, storageId, opened, operation);
    return opened.session as Session<Data>;
  }

  /**
   * Reads a session's data and expiry without marking it used (express-session's get, where the id
   * is known and only the data is needed): one HMGET, and a second round trip only for sessions
   * also changed through `update` (update overrides on top of the base).
   */
  async peekData(id: string): Promise<{ data: SessionData; expiresAt: number } | null> {
    const operation = "session get";
    checkSessionId(operation, id);
    const ring = this.#readyRing ?? (await this.#keys());
    const read = await this.#plainRead(ring, storageIdOf(id), false, operation);
    const session = read === OVERRIDDEN ? await this.peek(id) : read;
    return session && { data: session.data, expiresAt: session.expiresAt };
  }

  async #hashOf(storageId: string, operation: string): Promise<unknown> {
    try {
      return await this.#client.hgetallBuffer(this.#keyspace.session(storageId));
    } catch (error) {
      throw toRedisMcpError(error, operation);
    }
  }

  async update(id: string, patch: Partial<Data>): Promise<Session<Data> | null> {
    const operation = "session update";
    checkSessionId(operation, id);
    const change = encodeData(operation, patch, true);
    const ring = await this.#keys();
    const storageId = storageIdOf(id);
    const overrides = encryptOverrides(ring, storageId, change.set, change.remove);
    this.#checkSize(
      operation,
      overrides.map(([, stored]) => stored),
    );
    const key = this.#keyspace.session(storageId);
    const rolling = this.#rolling ? 1 : 0;
    // The update adds overrides, which the plain read of touchAfterMs does not see: reads take the script again.
    this.#recentExtensions.forget(storageId);
    for (let attempt = 0; attempt < COMPACT_ATTEMPTS; attempt++) {
      const reply = (await updateScript.runBuffer(this.#client, [key], [rolling, this.#maxSessionBytes, ...overrides.flat()], operation)) as unknown[] | null;
      if (!reply) return null;
      if (Number(reply[0]) !== TOO_LARGE) return this.#finishRead(ring, storageId, reply, operation);
      // Over the limit as stored; removed and replaced fields may still take room under their
      // overrides. Fold the session and the patch into one base, if that fits.
      const fields = toFieldMap(await this.#hashOf(storageId, operation));
      if (fields.size === 0) return null;
      const opened = this.#open(ring, storageId, fields);
      if (!opened) return null;
      const merged: SessionData = { ...opened.session.data };
      for (const field of change.set) merged[field.name] = JSON.parse(field.json.toString("utf8"));
      for (const name of change.remove) delete merged[name];
      const base = this.#baseOf(ring, storageId, { ...opened.session, data: merged }, operation);
      if (base.length > this.#maxSessionBytes) {
        throw new SessionTooLargeError(
          `${operation}: the session would take ${base.length} bytes encrypted, over maxSessionBytes (${this.#maxSessionBytes}); keep bulk data in its own keys. Nothing was written.`,
        );
      }
      const folded = (await compactScript.runBuffer(this.#client, [key], [opened.version, base, "mark", rolling], operation)) as unknown[] | null;
      if (folded) return this.#finishRead(ring, storageId, folded, operation);
    }
    throw new SessionTooLargeError(
      `${operation}: the session is at maxSessionBytes (${this.#maxSessionBytes}) and kept changing while room was made; retry, or keep bulk data in its own keys. Nothing was written.`,
    );
  }

  async touch(id: string, options?: TouchSessionOptions): Promise<boolean> {
    const operation = "session touch";
    checkSessionId(operation, id);
    const ttlMs = integerOption(operation, "ttlMs", options?.ttlMs, 0, 1, MAX_TTL_MS);
    const storageId = storageIdOf(id);
    const reply = (await touchScript.run(this.#client, [this.#keyspace.session(storageId)], [ttlMs], operation)) as unknown[] | null;
    if (!reply) return false;
    if (Number(reply[2]) === 1) await this.#renewBound(storageId, String(reply[3]), Number(reply[4]), operation);
    return true;
  }

  async destroy(id: string): Promise<boolean> {
    const operation = "session destroy";
    checkSessionId(operation, id);
    const storageId = storageIdOf(id);
    this.#decryptions.forget(storageId, BASE_FIELD);
    this.#recentExtensions.forget(storageId);
    const userTag = await destroyScript.run(this.#client, [this.#keyspace.session(storageId), this.#keyspace.tombstone(storageId)], ["*"], operation);
    if (userTag === null) return false;
    // The user's index is in another slot: a second step. Touches cannot undo it (they only raise entries that exist).
    if (userTag !== "") await indexRemoveScript.run(this.#client, [this.#keyspace.userIndex(String(userTag))], [storageId], operation);
    return true;
  }

  // ---- per user -------------------------------------------------------------------------------

  async #indexMembers(userTag: string, limit: number, operation: string): Promise<string[]> {
    return (await indexReadScript.run(this.#client, [this.#keyspace.userIndex(userTag)], [limit], operation)) as string[];
  }

  async listForUser(userId: string | number, options?: ListSessionsOptions): Promise<Session<Data>[]> {
    const operation = "session listForUser";
    const userTag = userTagOf(checkUserId(operation, userId));
    const limit = integerOption(operation, "limit", options?.limit, 100, 1, MAX_SESSIONS_PER_USER);
    const ring = await this.#keys();
    const members = await this.#indexMembers(userTag, limit, operation);
    const outcomes = await commandPerItem(
      this.#client,
      members,
      (member) => this.#keyspace.session(member),
      (pipeline, member) => pipeline.hgetallBuffer(this.#keyspace.session(member)),
      operation,
    );
    const sessions: Session<Data>[] = [];
    outcomes.forEach(([error, reply], position) => {
      if (error) throw error;
      const fields = toFieldMap(reply);
      // Entries whose session is gone stay until their bound passes: a write may be about to create it.
      if (fields.size === 0 || fields.get("u")?.toString("ascii") !== userTag) return;
      const opened = this.#open(ring, members[position] as string, fields);
      if (opened) sessions.push(opened.session as Session<Data>);
    });
    return sessions.sort((left, right) => right.lastAccessed - left.lastAccessed);
  }

  async destroyAllForUser(userId: string | number): Promise<number> {
    const operation = "session destroyAllForUser";
    const userTag = userTagOf(checkUserId(operation, userId));
    const members = await this.#indexMembers(userTag, MAX_SESSIONS_PER_USER, operation);
    destroyScript.prepare(this.#client);
    const outcomes = await commandPerItem(
      this.#client,
      members,
      (member) => this.#keyspace.session(member),
      (pipeline, member) => destroyScript.queue(this.#client, pipeline, [this.#keyspace.session(member), this.#keyspace.tombstone(member)], [userTag]),
      operation,
    );
    const destroyed = members.filter((_, position) => {
      const [error, reply] = outcomes[position] ?? [null, null];
      return error === null && reply !== null;
    });
    // Only destroyed entries leave the index: an entry without a session may belong to a write in flight.
    if (destroyed.length > 0) await indexRemoveScript.run(this.#client, [this.#keyspace.userIndex(userTag)], destroyed, operation);
    const failure = outcomes.find(([error]) => error !== null)?.[0];
    if (failure) throw failure;
    return destroyed.length;
  }

  // ---- whole store ----------------------------------------------------------------------------

  /** Session storage ids in batches, from SCAN on every master. */
  async *#storageIdBatches(): AsyncGenerator<string[]> {
    let batch: string[] = [];
    const start = this.#keyspace.prefix.length + 1;
    for await (const key of scan(this.#client, { match: this.#keyspace.sessionPattern, type: "hash", count: 1000 })) {
      batch.push(key.slice(start, -1));
      if (batch.length >= WALK_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async count(): Promise<number> {
    // SCAN may return a key twice while Redis rehashes: count names, not replies.
    const seen = new Set<string>();
    for await (const batch of this.#storageIdBatches()) for (const storageId of batch) seen.add(storageId);
    return seen.size;
  }

  async *sessions(): AsyncGenerator<Session<Data>> {
    const operation = "session sessions";
    const ring = await this.#keys();
    const seen = new Set<string>();
    for await (const batch of this.#storageIdBatches()) {
      const fresh = batch.filter((storageId) => !seen.has(storageId));
      for (const storageId of fresh) seen.add(storageId);
      const outcomes = await commandPerItem(
        this.#client,
        fresh,
        (storageId) => this.#keyspace.session(storageId),
        (pipeline, storageId) => pipeline.hgetallBuffer(this.#keyspace.session(storageId)),
        operation,
      );
      for (const [position, [error, reply]] of outcomes.entries()) {
        if (error) throw error;
        const fields = toFieldMap(reply);
        if (fields.size === 0) continue;
        const opened = this.#open(ring, fresh[position] as string, fields);
        if (opened) yield opened.session as Session<Data>;
      }
    }
  }

  async clear(): Promise<number> {
    const operation = "session clear";
    let destroyed = 0;
    destroyScript.prepare(this.#client);
    for await (const batch of this.#storageIdBatches()) {
      const outcomes = await commandPerItem(
        this.#client,
        batch,
        (storageId) => this.#keyspace.session(storageId),
        (pipeline, storageId) => destroyScript.queue(this.#client, pipeline, [this.#keyspace.session(storageId), this.#keyspace.tombstone(storageId)], ["*"]),
        operation,
      );
      for (const [error, reply] of outcomes) {
        if (error) throw error;
        if (reply !== null) destroyed += 1;
      }
    }
    const indexes: string[] = [];
    for await (const key of scan(this.#client, { match: this.#keyspace.userIndexPattern, type: "zset", count: 1000 })) indexes.push(key);
    if (indexes.length > 0) await multiDelete(this.#client, indexes);
    return destroyed;
  }
}

function dataOf(change: DataChange): SessionData {
  const data: SessionData = {};
  for (const field of change.set) data[field.name] = decodeValue(field.json);
  return data;
}

/**
 * Opens a session store on your ioredis client (standalone, Sentinel or Cluster; never closed by
 * the store). Returns at once; the encryption keys are derived in the background (PBKDF2 for
 * passphrases: 600,000 iterations, once) and the first operation waits for them (`ready()` too).
 * @throws SessionKeyError (`E_SESSION_KEY`) for a missing or short secret or a bad key ring;
 *   InvalidArgumentError (`E_INVALID_ARGUMENT`) for other bad options. Nothing is sent to Redis.
 * @example
 * const store = createSessionStore(redis, { secret: process.env.SESSION_SECRET, ttlMs: 30 * 60_000 });
 * const session = await store.create({ cart: [] }, { userId: "42", ip: request.ip });
 * await store.update(session.id, { theme: "dark" });
 * const again = await store.get(session.id); // rolling: one round trip extends it
 * await store.destroyAllForUser("42"); // log out everywhere
 */
export function createSessionStore<Data extends SessionData = SessionData>(redis: RedisClient, options: SessionStoreOptions): SessionStore<Data> {
  return new EncryptedSessionStore<Data>(redis, options);
}
