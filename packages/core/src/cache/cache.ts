import { randomUUID } from "node:crypto";
import { isCluster, keyPrefixOf, type RedisClient } from "../client/redis-client.js";
import { adoptRedis, type IoredisLike } from "../connection/ownership.js";
import { InvalidArgumentError } from "../errors/errors.js";
import type { BusMessage } from "./bus-message.js";
import { CacheClosedError, CacheDecodeError, CacheLoaderError } from "./cache-errors.js";
import { CacheKeys } from "./cache-keys.js";
import {
  type EntrySettings,
  entrySettings,
  MAX_BATCH,
  type ResolvedCacheOptions,
  resolveCacheOptions,
  validateKey,
  validateKeys,
  validateTags,
} from "./cache-options.js";
import type { Cache, CacheLoader, CacheManyLoader, CacheOptions, CacheSetOptions, CacheStats, GetOrSetOptions } from "./cache-types.js";
import { InvalidationBus } from "./invalidation-bus.js";
import { KeyWatchers } from "./key-watchers.js";
import { MemoryTier } from "./memory-tier.js";
import { RedisTier, type StoredEntry } from "./redis-tier.js";
import { ReplayQueue } from "./replay-queue.js";

/** Buckets of a namespace on a cluster unless the options say otherwise. */
const CLUSTER_BUCKETS = 64;

/** A value and its encoded form, validated before anything is written. */
interface Encoded<Value> {
  key: string;
  value: Value;
  bytes: Buffer;
}

class TieredCache<Value> implements Cache<Value> {
  readonly namespace: string;
  readonly #options: ResolvedCacheOptions;
  readonly #origin = randomUUID();
  readonly #memory: MemoryTier | undefined;
  readonly #redis: RedisTier | undefined;
  readonly #bus: InvalidationBus | undefined;
  readonly #watchers = new KeyWatchers();
  readonly #replay = new ReplayQueue(MAX_BATCH);
  readonly #flights = new Map<string, Promise<Value | undefined>>();
  readonly #refreshing = new Set<string>();
  // A Redis read that started before a write, delete or invalidation of its key (here or announced
  // by another instance) must not put its possibly older value in L1: each such event takes the
  // next sequence number, recorded per key (or for everything: tags, clear, lost messages).
  #sequence = 0;
  #everythingInvalidatedAt = 0;
  readonly #keyInvalidatedAt = new Map<string, number>();
  #replaying = false;
  #replayTimer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #counters = { l1Hits: 0, l1Misses: 0, l2Hits: 0, l2Misses: 0, loads: 0, loadErrors: 0, staleServes: 0 };

  constructor(client: RedisClient, options: ResolvedCacheOptions) {
    this.#options = options;
    this.namespace = options.namespace;
    const keys = new CacheKeys(options.namespace, options.buckets ?? (isCluster(client) ? CLUSTER_BUCKETS : 1));
    if (options.l1) this.#memory = new MemoryTier(options.l1.maxBytes);
    if (options.l2) {
      this.#redis = new RedisTier(client, keys, {
        ...options.l2,
        bus: options.bus,
        origin: this.#origin,
        report: (error, context) => this.#report(error, context),
        onSuccess: () => this.#replayPending(),
      });
    }
    if (options.bus) {
      this.#bus = new InvalidationBus(client, keys.channel(keyPrefixOf(client)), {
        onMessage: (message) => this.#onBusMessage(message),
        onResubscribed: () => {
          // Messages sent while the subscription was down are lost: what L1 holds may be stale.
          this.#invalidateEverything();
          this.#memory?.clear();
        },
        onError: (error) => this.#report(error, { operation: "bus" }),
      });
    }
  }

  async get(key: string): Promise<Value | undefined> {
    validateKey("get", key);
    this.#assertOpen("get");
    const cached = this.#fromMemory(key);
    if (cached !== undefined) return cached.fresh ? cached.value : undefined;
    if (!this.#redis) return undefined;
    const epoch = this.#sequence;
    const stored = await this.#redis.fetchOne(key);
    return stored ? this.#fromStored(key, stored, epoch, false) : undefined;
  }

  async getMany(keys: readonly string[]): Promise<(Value | undefined)[]> {
    const valid = validateKeys("getMany", keys);
    this.#assertOpen("getMany");
    const values: (Value | undefined)[] = new Array(valid.length).fill(undefined);
    const missing: number[] = [];
    valid.forEach((key, index) => {
      const cached = this.#fromMemory(key);
      if (cached === undefined) missing.push(index);
      else if (cached.fresh) values[index] = cached.value;
    });
    if (missing.length === 0 || !this.#redis) return values;
    const epoch = this.#sequence;
    const stored = await this.#redis.fetch(missing.map((index) => valid[index] as string));
    stored?.forEach((entry, position) => {
      const index = missing[position] as number;
      values[index] = this.#fromStored(valid[index] as string, entry, epoch, false);
    });
    return values;
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async set(key: string, value: Value, options?: CacheSetOptions): Promise<void> {
    validateKey("set", key);
    const settings = entrySettings("set", options, this.#options);
    const bytes = this.#encode(value);
    this.#assertOpen("set");
    await this.#store([{ key, value, bytes }], settings);
  }

  async setMany(entries: readonly (readonly [string, Value])[] | ReadonlyMap<string, Value>, options?: CacheSetOptions): Promise<void> {
    const pairs = entries instanceof Map ? [...entries] : entries;
    if (!Array.isArray(pairs)) throw new InvalidArgumentError("cache setMany: entries must be an array of [key, value] pairs or a Map.");
    if (pairs.length > MAX_BATCH) throw new InvalidArgumentError(`cache setMany: at most ${MAX_BATCH} entries per call; got ${pairs.length}. Split the list.`);
    const settings = entrySettings("setMany", options, this.#options);
    // Every entry is checked and encoded before anything is written: bad input changes nothing.
    const encoded = pairs.map((pair): Encoded<Value> => {
      if (!Array.isArray(pair) || pair.length !== 2) throw new InvalidArgumentError("cache setMany: each entry must be a [key, value] pair.");
      const [key, value] = pair as [string, Value];
      return { key: validateKey("setMany", key), value, bytes: this.#encode(value) };
    });
    this.#assertOpen("setMany");
    if (encoded.length > 0) await this.#store(encoded, settings);
  }

  async delete(key: string): Promise<void> {
    await this.deleteMany([validateKey("delete", key)]);
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    const valid = validateKeys("deleteMany", keys);
    this.#assertOpen("deleteMany");
    if (valid.length === 0) return;
    this.#invalidateKeys(valid);
    for (const key of valid) this.#memory?.delete(key);
    if (this.#redis) {
      if (!(await this.#redis.delete(valid))) this.#holdBack(() => this.#replay.addKeys(valid));
    } else this.#publish({ origin: this.#origin, kind: "keys", items: valid });
  }

  async getOrSet(key: string, loader: CacheLoader<Value>, options?: GetOrSetOptions): Promise<Value | undefined> {
    validateKey("getOrSet", key);
    if (typeof loader !== "function") throw new InvalidArgumentError("cache getOrSet: loader must be a function (key) => value or promise of value.");
    const settings = entrySettings("getOrSet", options, this.#options);
    this.#assertOpen("getOrSet");
    const cached = this.#fromMemory(key);
    if (cached !== undefined) {
      if (cached.fresh) return cached.value;
      this.#counters.staleServes += 1;
      this.#refreshInBackground(key, loader, settings, cached.value, undefined);
      return cached.value;
    }
    const flight = this.#flights.get(key);
    if (flight) return flight;
    const filling = this.#fill(key, loader, settings).finally(() => this.#flights.delete(key));
    this.#flights.set(key, filling);
    return filling;
  }

  async getOrSetMany(keys: readonly string[], loader: CacheManyLoader<Value>, options?: GetOrSetOptions): Promise<(Value | undefined)[]> {
    const valid = validateKeys("getOrSetMany", keys);
    if (typeof loader !== "function") throw new InvalidArgumentError("cache getOrSetMany: loader must be a function (keys) => values in key order, or a Map.");
    const settings = entrySettings("getOrSetMany", options, this.#options);
    this.#assertOpen("getOrSetMany");
    const found = new Map<string, Promise<Value | undefined> | Value | undefined>();
    const stale = new Map<string, Value>();
    const missing: string[] = [];
    for (const key of new Set(valid)) {
      const cached = this.#fromMemory(key);
      if (cached?.fresh) found.set(key, cached.value);
      else if (cached) {
        found.set(key, cached.value);
        stale.set(key, cached.value);
      } else {
        const flight = this.#flights.get(key);
        if (flight) found.set(key, flight);
        else missing.push(key);
      }
    }
    if (stale.size > 0) {
      this.#counters.staleServes += stale.size;
      this.#refreshManyInBackground(stale, loader, settings, new Map());
    }
    if (missing.length > 0) {
      // Register every missing key as in flight, so concurrent getOrSet calls join this load.
      const filling = this.#fillMany(missing, loader, settings);
      for (const key of missing) {
        const flight = filling.then((values) => values.get(key)).finally(() => this.#flights.delete(key));
        this.#flights.set(key, flight);
        found.set(key, flight);
      }
    }
    const values = await Promise.all(valid.map((key) => found.get(key)));
    return values;
  }

  async invalidateTags(tags: readonly string[]): Promise<void> {
    const valid = validateTags("invalidateTags", tags);
    this.#assertOpen("invalidateTags");
    if (valid.length === 0) return;
    this.#invalidateEverything();
    this.#memory?.deleteTagged(valid);
    if (this.#redis) {
      if (!(await this.#redis.invalidateTags(valid))) this.#holdBack(() => this.#replay.addTags(valid));
    } else this.#publish({ origin: this.#origin, kind: "tags", items: valid });
  }

  async clear(): Promise<void> {
    this.#assertOpen("clear");
    this.#invalidateEverything();
    this.#memory?.clear();
    if (this.#redis) {
      if (!(await this.#redis.clear())) this.#holdBack(() => this.#replay.addClear());
    } else this.#publish({ origin: this.#origin, kind: "clear", items: [] });
  }

  ready(): Promise<void> {
    return this.#bus?.ready ?? Promise.resolve();
  }

  stats(): CacheStats {
    const counters = this.#counters;
    return {
      l1: { hits: counters.l1Hits, misses: counters.l1Misses, entries: this.#memory?.entries ?? 0, bytes: this.#memory?.bytes ?? 0 },
      l2: { hits: counters.l2Hits, misses: counters.l2Misses, errors: this.#redis?.errors ?? 0 },
      loads: counters.loads,
      loadErrors: counters.loadErrors,
      staleServes: counters.staleServes,
      circuit: this.#redis?.breaker.state ?? "closed",
      pendingReplays: this.#replay.size,
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#bus?.stop();
    this.#redis?.stop();
    clearTimeout(this.#replayTimer);
    this.#watchers.notifyAll();
    this.#memory?.clear();
  }

  // --- tiers ---------------------------------------------------------------------------------

  /** The L1 entry of `key` (fresh or in grace), counting the hit or miss. */
  #fromMemory(key: string): { value: Value; fresh: boolean } | undefined {
    if (!this.#memory) return undefined;
    const entry = this.#memory.get(key);
    if (entry === undefined) {
      this.#counters.l1Misses += 1;
      return undefined;
    }
    const fresh = entry.freshUntil > Date.now();
    if (fresh) this.#counters.l1Hits += 1;
    else this.#counters.l1Misses += 1;
    return { value: entry.value as Value, fresh };
  }

  /** The value of an entry read from Redis (fresh only, unless `acceptStale`), remembered in L1. */
  #fromStored(key: string, stored: StoredEntry, epoch: number, acceptStale: boolean): Value | undefined {
    if (stored.bytes === undefined) {
      this.#counters.l2Misses += 1;
      return undefined;
    }
    const value = this.#decode(key, stored.bytes);
    if (value === undefined) {
      this.#counters.l2Misses += 1;
      return undefined;
    }
    this.#remember(key, value, stored, epoch);
    if (stored.freshMs > 0) {
      this.#counters.l2Hits += 1;
      return value;
    }
    this.#counters.l2Misses += 1;
    return acceptStale ? value : undefined;
  }

  #remember(key: string, value: Value, stored: StoredEntry, epoch: number): void {
    if (!this.#memory || stored.bytes === undefined || this.#everythingInvalidatedAt > epoch || (this.#keyInvalidatedAt.get(key) ?? 0) > epoch) return;
    this.#memory.set(key, { value, freshUntil: Date.now() + stored.freshMs, tags: stored.tags }, stored.remainingMs, stored.bytes.length);
  }

  /** Writes entries to both tiers; a failed Redis write is replayed (as a delete) once Redis is back. */
  async #store(entries: readonly Encoded<Value>[], settings: EntrySettings, token?: string): Promise<void> {
    const keys = entries.map((entry) => entry.key);
    this.#invalidateKeys(keys);
    if (this.#memory) {
      const freshUntil = Date.now() + settings.ttlMs;
      for (const entry of entries) {
        this.#memory.set(entry.key, { value: entry.value, freshUntil, tags: settings.tags }, settings.ttlMs + settings.graceMs, entry.bytes.length);
      }
    }
    if (this.#redis) {
      // Redis may still hold an older value: deleting it on recovery keeps other instances from reading it.
      if (!(await this.#redis.write(entries, { ...settings, token }))) this.#holdBack(() => this.#replay.addKeys(keys));
    } else this.#publish({ origin: this.#origin, kind: "keys", items: keys });
  }

  // --- loading -------------------------------------------------------------------------------

  /** A miss in L1: Redis, else the loader; with distributed protection, one loader across processes. */
  async #fill(key: string, loader: CacheLoader<Value>, settings: EntrySettings): Promise<Value | undefined> {
    const redis = this.#redis;
    if (!redis) return this.#load(key, loader, settings, undefined, undefined);
    const distributed = this.#options.stampede === "distributed";
    const lock = distributed ? { ttlMs: this.#options.lockTtlMs, token: randomUUID() } : undefined;
    // Opened before the first lock check, so a fill announced between the check and the wait still wakes it.
    const watch = distributed && this.#bus ? this.#watchers.watch(key) : undefined;
    const deadline = Date.now() + this.#options.lockWaitMs;
    try {
      for (;;) {
        const epoch = this.#sequence;
        const stored = (await this.#readForLoad(redis, [key], lock, settings))?.[0];
        if (stored === undefined || this.#closed) return this.#load(key, loader, settings, undefined, undefined);
        const value = this.#fromStored(key, stored, epoch, true);
        if (value !== undefined) {
          if (stored.freshMs > 0) return value;
          // Stale in grace: serve it; refresh unless another process holds the lock (it refreshes).
          this.#counters.staleServes += 1;
          if (stored.lock !== 2) this.#refreshInBackground(key, loader, settings, value, stored.lock === 1 ? lock?.token : undefined);
          return value;
        }
        const remaining = deadline - Date.now();
        if (stored.lock !== 2 || remaining <= 0) return this.#load(key, loader, settings, stored.lock === 1 ? lock?.token : undefined, undefined);
        const pause = Math.max(1, Math.min(this.#options.lockPollMs, stored.remainingMs, remaining));
        if (watch) await watch.next(pause);
        else await new Promise((resolve) => setTimeout(resolve, pause));
      }
    } finally {
      watch?.close();
    }
  }

  /**
   * The Redis read before a load: the read script when it must take locks or the entries are
   * likely tagged (the call passes tags: the script checks them in the same round trip), else
   * plain GETs, which cost Redis far less (a tagged entry found that way is re-read by the script).
   */
  #readForLoad(
    redis: RedisTier,
    keys: readonly string[],
    lock: { ttlMs: number; token: string } | undefined,
    settings: EntrySettings,
  ): Promise<StoredEntry[] | undefined> {
    return lock || settings.tags.length > 0 ? redis.read(keys, lock) : redis.fetch(keys);
  }

  /** Calls the loader and stores what it returns; with `stale`, a failing loader falls back to it. */
  async #load(
    key: string,
    loader: CacheLoader<Value>,
    settings: EntrySettings,
    token: string | undefined,
    stale: { value: Value } | undefined,
  ): Promise<Value | undefined> {
    this.#counters.loads += 1;
    let value: Value | undefined;
    let bytes: Buffer;
    try {
      try {
        value = await loader(key);
      } catch (error) {
        this.#counters.loadErrors += 1;
        throw error;
      }
      if (value === undefined) {
        if (token) await this.#redis?.unlock(key, token);
        return undefined;
      }
      bytes = this.#encode(value);
    } catch (error) {
      if (token) await this.#redis?.unlock(key, token);
      if (stale) {
        this.#report(error, { operation: "refresh", key });
        return stale.value;
      }
      throw error;
    }
    await this.#store([{ key, value, bytes }], settings, token);
    return value;
  }

  #refreshInBackground(key: string, loader: CacheLoader<Value>, settings: EntrySettings, staleValue: Value, token: string | undefined): void {
    if (this.#refreshing.has(key) || this.#closed) return;
    this.#refreshing.add(key);
    const refresh = async () => {
      let lockToken = token;
      if (lockToken === undefined && this.#redis) {
        // Another instance may have refreshed already, or be refreshing (its lock).
        const distributed = this.#options.stampede === "distributed";
        const lock = distributed ? { ttlMs: this.#options.lockTtlMs, token: randomUUID() } : undefined;
        const epoch = this.#sequence;
        const stored = (await this.#readForLoad(this.#redis, [key], lock, settings))?.[0];
        if (stored?.bytes !== undefined && stored.freshMs > 0) {
          const value = this.#decode(key, stored.bytes);
          if (value !== undefined) {
            this.#remember(key, value, stored, epoch);
            return;
          }
        }
        if (stored?.lock === 2) return;
        if (stored?.lock === 1) lockToken = lock?.token;
      }
      await this.#load(key, loader, settings, lockToken, { value: staleValue });
    };
    refresh()
      .catch((error: unknown) => this.#report(error, { operation: "refresh", key }))
      .finally(() => this.#refreshing.delete(key));
  }

  /** Misses of a getOrSetMany: one read, one loader call for every key this call may load, one write. */
  async #fillMany(keys: string[], loader: CacheManyLoader<Value>, settings: EntrySettings): Promise<Map<string, Value | undefined>> {
    const values = new Map<string, Value | undefined>();
    const redis = this.#redis;
    const distributed = this.#options.stampede === "distributed";
    const lock = distributed && redis ? { ttlMs: this.#options.lockTtlMs, token: randomUUID() } : undefined;
    const epoch = this.#sequence;
    const stored = redis ? await this.#readForLoad(redis, keys, lock, settings) : undefined;
    if (!stored) return this.#loadMany(keys, loader, settings, undefined, new Map());
    const toLoad: string[] = [];
    const waiting: string[] = [];
    const stale = new Map<string, Value>();
    const staleLocked: string[] = [];
    keys.forEach((key, index) => {
      const entry = stored[index] as StoredEntry;
      const value = this.#fromStored(key, entry, epoch, true);
      if (value !== undefined) {
        values.set(key, value);
        if (entry.freshMs <= 0) {
          this.#counters.staleServes += 1;
          if (entry.lock === 0) stale.set(key, value);
          if (entry.lock === 1) {
            stale.set(key, value);
            staleLocked.push(key);
          }
        }
      } else if (entry.lock === 2) waiting.push(key);
      else toLoad.push(key);
    });
    if (stale.size > 0) this.#refreshManyInBackground(stale, loader, settings, new Map(staleLocked.map((key) => [key, lock?.token as string])));
    const [loaded, waited] = await Promise.all([
      toLoad.length > 0 ? this.#loadMany(toLoad, loader, settings, lock?.token, new Map()) : new Map<string, Value | undefined>(),
      // Keys another process is loading: wait for each as getOrSet does (loading it alone if the holder dies).
      Promise.all(waiting.map((key) => this.#fill(key, this.#singleLoader(loader), settings))),
    ]);
    for (const [key, value] of loaded) values.set(key, value);
    waiting.forEach((key, index) => {
      values.set(key, waited[index]);
    });
    return values;
  }

  /** Adapts a many-key loader to one key. */
  #singleLoader(loader: CacheManyLoader<Value>): CacheLoader<Value> {
    return async (key) => (await this.#callManyLoader(loader, [key])).get(key);
  }

  async #callManyLoader(loader: CacheManyLoader<Value>, keys: string[]): Promise<Map<string, Value | undefined>> {
    const result = await loader([...keys]);
    if (result instanceof Map) return new Map(keys.map((key) => [key, result.get(key)]));
    if (Array.isArray(result) && result.length === keys.length) return new Map(keys.map((key, index) => [key, result[index] as Value | undefined]));
    throw new CacheLoaderError(
      `cache getOrSetMany: the loader must return an array with one value per key, in key order (${keys.length} here), or a Map from key to value; got ${Array.isArray(result) ? `an array of ${result.length}` : typeof result}.`,
    );
  }

  /** One loader call for `keys`; keys listed in `stale` fall back to their stale value if it fails. */
  async #loadMany(
    keys: string[],
    loader: CacheManyLoader<Value>,
    settings: EntrySettings,
    token: string | undefined,
    stale: ReadonlyMap<string, Value>,
  ): Promise<Map<string, Value | undefined>> {
    this.#counters.loads += 1;
    let loaded: Map<string, Value | undefined>;
    let encoded: Encoded<Value>[];
    try {
      try {
        loaded = await this.#callManyLoader(loader, keys);
      } catch (error) {
        this.#counters.loadErrors += 1;
        throw error;
      }
      encoded = [];
      for (const [key, value] of loaded) if (value !== undefined) encoded.push({ key, value, bytes: this.#encode(value) });
    } catch (error) {
      if (token) await Promise.all(keys.map((key) => this.#redis?.unlock(key, token)));
      if (stale.size > 0) {
        this.#report(error, { operation: "refresh" });
        return new Map(stale);
      }
      throw error;
    }
    const empty = keys.filter((key) => loaded.get(key) === undefined);
    await Promise.all([
      encoded.length > 0 ? this.#store(encoded, settings, token) : undefined,
      ...(token ? empty.map((key) => this.#redis?.unlock(key, token)) : []),
    ]);
    return loaded;
  }

  #refreshManyInBackground(stale: Map<string, Value>, loader: CacheManyLoader<Value>, settings: EntrySettings, locked: Map<string, string>): void {
    const keys = [...stale.keys()].filter((key) => !this.#refreshing.has(key));
    if (keys.length === 0 || this.#closed) return;
    for (const key of keys) this.#refreshing.add(key);
    // Keys locked by this call's read share one token; the others refresh without a lock (process mode).
    const token = locked.size > 0 ? [...locked.values()][0] : undefined;
    this.#loadMany(keys, loader, settings, token, stale)
      .catch((error: unknown) => this.#report(error, { operation: "refresh" }))
      .finally(() => {
        for (const key of keys) this.#refreshing.delete(key);
      });
  }

  // --- bus, replays, errors --------------------------------------------------------------------

  #onBusMessage(message: BusMessage): void {
    if (message.kind === "keys" || message.kind === "released") this.#watchers.notify(message.items);
    if (message.origin === this.#origin || message.kind === "released") return;
    if (message.kind === "keys") {
      this.#invalidateKeys(message.items);
      for (const key of message.items) this.#memory?.delete(key);
    } else {
      this.#invalidateEverything();
      if (message.kind === "tags") this.#memory?.deleteTagged(message.items);
      else this.#memory?.clear();
    }
  }

  #invalidateKeys(keys: readonly string[]): void {
    if (!this.#memory) return;
    const sequence = ++this.#sequence;
    for (const key of keys) this.#keyInvalidatedAt.set(key, sequence);
    // Bounded: past this many keys, one mark for everything replaces them (reads in flight then skip L1).
    if (this.#keyInvalidatedAt.size > MAX_BATCH) this.#invalidateEverything();
  }

  #invalidateEverything(): void {
    this.#everythingInvalidatedAt = ++this.#sequence;
    this.#keyInvalidatedAt.clear();
  }

  #publish(message: BusMessage): void {
    this.#bus?.publish(message).catch((error: unknown) => this.#report(error, { operation: "bus" }));
  }

  /**
   * Keeps what could not reach Redis for a replay, and makes sure one is tried later even if no
   * other call succeeds meanwhile (an idle application): every `openMs` while anything waits.
   */
  #holdBack(keep: () => void): void {
    keep();
    if (this.#replayTimer || this.#closed || !this.#options.l2) return;
    this.#replayTimer = setTimeout(() => {
      this.#replayTimer = undefined;
      this.#replayPending();
    }, this.#options.l2.openMs);
    this.#replayTimer.unref();
  }

  /** After a successful Redis call (or the timer): sends what an outage held back, once at a time. */
  #replayPending(): void {
    if (this.#replaying || this.#replay.size === 0 || !this.#redis) return;
    this.#replaying = true;
    const redis = this.#redis;
    const pending = this.#replay.take();
    const run = async () => {
      if (pending.clear) return redis.clear();
      const deleted = pending.keys.length === 0 || (await redis.delete(pending.keys));
      const invalidated = pending.tags.length === 0 || (await redis.invalidateTags(pending.tags));
      return deleted && invalidated;
    };
    run()
      .then((done) => {
        if (!done) this.#holdBack(() => this.#replay.restore(pending));
      })
      .finally(() => {
        this.#replaying = false;
      });
  }

  #encode(value: Value): Buffer {
    if (value === undefined) throw new InvalidArgumentError("cache: undefined cannot be cached (it means a miss). Cache null instead.");
    const bytes = this.#options.codec.encode(value);
    if (!Buffer.isBuffer(bytes)) throw new InvalidArgumentError("cache: the codec's encode must return a Buffer.");
    return bytes;
  }

  #decode(key: string, bytes: Buffer): Value | undefined {
    try {
      return this.#options.codec.decode(bytes) as Value;
    } catch (error) {
      this.#report(
        new CacheDecodeError(`cache: the stored value of a key could not be decoded (${(error as Error).message}); it was treated as a miss.`, {
          cause: error,
        }),
        {
          operation: "decode",
          key,
        },
      );
      return undefined;
    }
  }

  #report(error: unknown, context: { operation: string; key?: string }): void {
    try {
      this.#options.onError(error, context);
    } catch {
      // A throwing error handler must not break the cache.
    }
  }

  #assertOpen(operation: string): void {
    if (this.#closed) throw new CacheClosedError(`cache ${operation}: the cache "${this.namespace}" is closed. Create a new one with createCache.`);
  }
}

/**
 * Creates a multi-tier cache (no round trip): an in-process LRU (L1, bounded in bytes) in front of
 * Redis (L2), with per-process or distributed stampede protection, grace periods, tags, an
 * invalidation bus that keeps every instance's L1 coherent, and a circuit breaker that keeps it
 * answering from L1 and loaders while Redis is down. Works on a standalone server and a cluster,
 * with ioredis 5 or 6; the caller's client is never closed.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for bad options.
 * @example
 * const cache = createCache<User>(redis, { namespace: "users", ttlMs: 60_000, l1: { maxBytes: 16 * 1024 * 1024 } });
 * const user = await cache.getOrSet(`user:${id}`, () => db.users.find(id), { tags: [`team:${teamId}`] });
 * await cache.invalidateTags([`team:${teamId}`]);
 */
export function createCache<Value = unknown>(redis: RedisClient | IoredisLike, options: CacheOptions): Cache<Value> {
  const client = adoptRedis(redis);
  return new TieredCache<Value>(client, resolveCacheOptions(options));
}
