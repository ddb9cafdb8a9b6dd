/** How values become bytes in Redis and back. The default stores JSON, and Buffers as raw bytes. */
export interface CacheCodec {
  /**
   * The bytes to store for `value`.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a value the codec cannot represent.
   */
  encode(value: unknown): Buffer;
  /** The value stored as `bytes` by {@link encode}. */
  decode(bytes: Buffer): unknown;
}

/** Options of the in-process tier (L1). */
export interface MemoryTierOptions {
  /** Most bytes the tier holds (encoded size of values plus key length); least recently used entries go first. */
  maxBytes: number;
}

/** Options of the Redis tier (L2). */
export interface RedisTierOptions {
  /** Longest any Redis call of the cache may take before the cache gives up on it (default 250 ms); independent of the client's commandTimeout. */
  timeoutMs?: number;
  /** Consecutive failed Redis calls that open the circuit (default 3). */
  failureThreshold?: number;
  /** How long the circuit stays open before one call tries Redis again (default 2,000 ms). */
  openMs?: number;
}

/** How concurrent loads of one missing key are collapsed. */
export type StampedeProtection = "process" | "distributed";

/** Options for {@link createCache}. */
export interface CacheOptions {
  /** Names the cache; its Redis keys start with `<namespace>:{<namespace>:` and `clear()` removes only them. No braces. */
  namespace: string;
  /** Default time to live of an entry in milliseconds (a positive integer). */
  ttlMs: number;
  /** Shortens each TTL by a random fraction of up to this much (0 to 1, default 0), so entries written together do not expire together. */
  ttlJitter?: number;
  /** Default time an expired entry may still be served while one refresh runs (default 0: no grace). */
  graceMs?: number;
  /** The in-process tier, or `false` for none (default `{ maxBytes: 64 MiB }`). */
  l1?: MemoryTierOptions | false;
  /** The Redis tier, or `false` to keep values in process only (Redis then carries only the invalidation bus). */
  l2?: RedisTierOptions | false;
  /**
   * `"process"` (default): one loader call per key per process. `"distributed"`: one per key across
   * every process sharing the namespace (a short Redis lock; waiters are woken by pub/sub).
   */
  stampede?: StampedeProtection;
  /** Lock lifetime for distributed stampede protection (default 10,000 ms): a holder that dies frees the key after this. */
  lockTtlMs?: number;
  /** Longest a caller waits for another process's load before it loads itself (default: `lockTtlMs`). */
  lockWaitMs?: number;
  /** Longest pause between lock checks while waiting, in case a wake-up message is lost (default 200 ms). */
  lockPollMs?: number;
  /**
   * Publish and listen to the invalidation bus (default: true when there is an L1 or distributed
   * stampede protection). Every instance of a namespace should use the same setting.
   */
  bus?: boolean;
  /**
   * Spreads a cluster namespace over this many hash slots (default 64 on a cluster, 1 on a
   * standalone server). Every instance of a namespace must use the same value.
   */
  buckets?: number;
  /** Value codec (default JSON, with Buffers stored as raw bytes). */
  codec?: CacheCodec;
  /** Called with errors the cache absorbs: Redis failures, failed background refreshes, bus problems. */
  onError?: (error: unknown, context: CacheErrorContext) => void;
}

/** What the cache was doing when it absorbed an error. */
export interface CacheErrorContext {
  /** e.g. `"get"`, `"refresh"`, `"bus"`, `"replay"`. */
  operation: string;
  /** The key concerned, when there is one. */
  key?: string;
}

/** Options for writing an entry. */
export interface CacheSetOptions {
  /** Time to live in milliseconds (default: the cache's `ttlMs`). */
  ttlMs?: number;
  /** Tags to invalidate the entry by (`invalidateTags`). */
  tags?: readonly string[];
  /** Time the entry may be served after its TTL while a refresh runs (default: the cache's `graceMs`). */
  graceMs?: number;
}

/** Options for {@link Cache.getOrSet} and {@link Cache.getOrSetMany}: those of the entries written. */
export type GetOrSetOptions = CacheSetOptions;

/** Loads the value of a missing key. Return `undefined` to cache nothing. */
export type CacheLoader<Value> = (key: string) => Promise<Value | undefined> | Value | undefined;

/**
 * Loads the values of missing keys in one call: an array in the order of `keys`, or a Map from key
 * to value. A key with `undefined` (or absent from the Map) is not cached.
 */
export type CacheManyLoader<Value> = (
  keys: string[],
) => Promise<readonly (Value | undefined)[] | ReadonlyMap<string, Value>> | readonly (Value | undefined)[] | ReadonlyMap<string, Value>;

/** State of the circuit breaker in front of Redis. */
export type CircuitState = "closed" | "open" | "half-open";

/** Counters since the cache was created. */
export interface CacheStats {
  l1: { hits: number; misses: number; entries: number; bytes: number };
  l2: { hits: number; misses: number; errors: number };
  /** Loader calls (a `getOrSetMany` loader call counts once). */
  loads: number;
  /** Loader calls that threw. */
  loadErrors: number;
  /** Expired values served during their grace period. */
  staleServes: number;
  circuit: CircuitState;
  /** Deletes and invalidations waiting to reach Redis once it answers again. */
  pendingReplays: number;
}

/** A multi-tier cache: in-process LRU (L1) in front of Redis (L2). Every method validates its input before touching either tier. */
export interface Cache<Value = unknown> {
  readonly namespace: string;
  /**
   * The fresh value of `key`, or `undefined`. Never throws for Redis trouble.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty key; CacheClosedError (`E_CACHE_CLOSED`) after close.
   */
  get(key: string): Promise<Value | undefined>;
  /** Fresh values of `keys` in order (`undefined` for missing ones): one round trip per Redis node. */
  getMany(keys: readonly string[]): Promise<(Value | undefined)[]>;
  /** True when `key` has a fresh value. */
  has(key: string): Promise<boolean>;
  /**
   * Stores a value in both tiers and drops it from every other instance's L1.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty key, a bad TTL or a value the codec refuses; nothing is written.
   */
  set(key: string, value: Value, options?: CacheSetOptions): Promise<void>;
  /** Stores many values: one round trip per Redis node. */
  setMany(entries: readonly (readonly [string, Value])[] | ReadonlyMap<string, Value>, options?: CacheSetOptions): Promise<void>;
  /** Removes `key` from both tiers and from every other instance's L1. */
  delete(key: string): Promise<void>;
  /** Removes many keys: one round trip per Redis node. */
  deleteMany(keys: readonly string[]): Promise<void>;
  /**
   * The cached value of `key`, or the loader's, stored for next time; one loader call per key at a time.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for bad input; the loader's own error when there is no stale value to serve.
   */
  getOrSet(key: string, loader: CacheLoader<Value>, options?: GetOrSetOptions): Promise<Value | undefined>;
  /**
   * The values of `keys`, loading every missing one in a single loader call.
   * @throws CacheLoaderError (`E_CACHE_LOADER`) when the loader returns neither an array in key order nor a Map.
   */
  getOrSetMany(keys: readonly string[], loader: CacheManyLoader<Value>, options?: GetOrSetOptions): Promise<(Value | undefined)[]>;
  /**
   * Makes every entry written with any of `tags` a miss, in every instance: one round trip per Redis node.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty tag or one with a newline.
   */
  invalidateTags(tags: readonly string[]): Promise<void>;
  /** Removes every entry of the namespace (SCAN over every master) and empties every instance's L1. */
  clear(): Promise<void>;
  /** Resolves once the invalidation bus listens (at once when there is none). */
  ready(): Promise<void>;
  /** Counters and the circuit state. */
  stats(): CacheStats;
  /** Stops the bus connection and empties L1; leaves the caller's Redis client open. */
  close(): Promise<void>;
}
