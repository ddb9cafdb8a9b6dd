import { keyPrefixOf, type RedisClient } from "../client/redis-client.js";
import { multiGetBuffer } from "../cluster/multi-key.js";
import { RedisTimeoutError, RedisUnavailableError } from "../errors/errors.js";
import { deleteByPattern } from "../keyspace/delete-by-pattern.js";
import type { RedisScript, ScriptArgument } from "../scripts/redis-script.js";
import { type BucketCall, runBucketCalls } from "./bucket-calls.js";
import { type BusMessageKind, encodeBusMessage } from "./bus-message.js";
import type { CacheKeys } from "./cache-keys.js";
import { deleteScript, invalidateTagsScript, readScript, unlockScript, writeScript } from "./cache-scripts.js";
import type { CacheErrorContext } from "./cache-types.js";
import { CircuitBreaker } from "./circuit-breaker.js";
import { Deadlines } from "./deadlines.js";
import { parseEntry } from "./entry-format.js";

/** One entry as read from Redis. */
export interface StoredEntry {
  /** The encoded value; undefined on a miss. */
  bytes: Buffer | undefined;
  /** Ms until the value goes stale (<= 0: stale, in grace). */
  freshMs: number;
  /** Ms until the entry is gone; on a miss whose lock another caller holds, ms until that lock expires. */
  remainingMs: number;
  /** 0: no lock asked or needed; 1: this call took the load lock; 2: another caller holds it. */
  lock: 0 | 1 | 2;
  tags: string[];
}

/** One entry to write: its key and encoded value. */
export interface EntryWrite {
  key: string;
  bytes: Buffer;
}

/** What the entries of one write share. */
export interface WriteSettings {
  ttlMs: number;
  graceMs: number;
  tags: readonly string[];
  /** Load lock token to release with the write. */
  token?: string;
}

/** Settings of the Redis tier. */
export interface RedisTierSettings {
  timeoutMs: number;
  failureThreshold: number;
  openMs: number;
  /** Publish bus messages from the write scripts. */
  bus: boolean;
  origin: string;
  report(error: unknown, context: CacheErrorContext): void;
  /** Called after a successful call, so pending replays can go out once Redis is back. */
  onSuccess(): void;
}

const FAILED = Symbol("failed");
const MISSING: StoredEntry = { bytes: undefined, freshMs: 0, remainingMs: 0, lock: 0, tags: [] };
const TAGGED = Symbol("tagged");

/**
 * An entry read with a plain GET, judged at `now` (server time): TAGGED when it has tags, which
 * only the read script can check against invalidations.
 */
function untaggedEntry(stored: Buffer | null, now: number): StoredEntry | typeof TAGGED {
  const header = stored ? parseEntry(stored) : undefined;
  if (!header) return MISSING;
  if (header.tags.length > 0) return TAGGED;
  return { bytes: header.payload, freshMs: header.freshUntil - now, remainingMs: header.expiresAt - now, lock: 0, tags: [] };
}
/** The longest a clear (a SCAN walk over the namespace) may take before it counts as failed. */
const CLEAR_TIMEOUT_MS = 30_000;

/**
 * L2: the namespace's entries in Redis, behind a circuit breaker and the cache's own timeout.
 * Every method resolves (never rejects, never waits past the timeout): `undefined`/false when
 * Redis failed, was too slow, or the circuit is open; the error goes to `report`.
 */
export class RedisTier {
  readonly breaker: CircuitBreaker;
  errors = 0;
  readonly #channel: string;
  readonly #deadlines: Deadlines;
  // Server clock minus this process's, from the last script reply: plain GETs judge freshness with it.
  #clockOffset: number | undefined;

  constructor(
    readonly client: RedisClient,
    readonly keys: CacheKeys,
    readonly settings: RedisTierSettings,
  ) {
    this.breaker = new CircuitBreaker(settings.failureThreshold, settings.openMs);
    this.#deadlines = new Deadlines(Math.max(5, Math.min(100, Math.floor(settings.timeoutMs / 4))));
    this.#channel = settings.bus ? keys.channel(keyPrefixOf(client)) : "";
  }

  /** Reads entries (optionally taking the load lock of missing or stale ones): one round trip per node. */
  async read(keys: readonly string[], lock?: { ttlMs: number; token: string }): Promise<StoredEntry[] | undefined> {
    const head: ScriptArgument[] = lock ? ["1", lock.ttlMs, lock.token] : ["0", 0, ""];
    const calls: BucketCall[] = [];
    const positions: number[][] = [];
    if (keys.length === 1) {
      calls.push({ base: this.keys.base(this.keys.bucketOf(keys[0] as string)), args: [...head, keys[0] as string] });
      positions.push([0]);
    } else {
      for (const [bucket, indices] of this.keys.group(keys)) {
        calls.push({ base: this.keys.base(bucket), args: [...head, ...indices.map((index) => keys[index] as string)] });
        positions.push(indices);
      }
    }
    const replies = await this.#attempt("get", keys.length === 1 ? keys[0] : undefined, () =>
      runBucketCalls(this.client, readScript, calls, true, "cache get"),
    );
    if (replies === FAILED) return undefined;
    const entries: StoredEntry[] = new Array(keys.length);
    replies.forEach((reply, call) => {
      const slots = reply as (Buffer | number | null)[];
      this.#observeServerTime(slots[0] as number);
      (positions[call] as number[]).forEach((index, position) => {
        const offset = 1 + position * 4;
        const stored = slots[offset] as Buffer | null;
        const header = stored ? parseEntry(stored) : undefined;
        entries[index] = {
          bytes: header?.payload,
          freshMs: slots[offset + 1] as number,
          remainingMs: slots[offset + 2] as number,
          lock: slots[offset + 3] as 0 | 1 | 2,
          tags: header?.tags ?? [],
        };
      });
    });
    return entries;
  }

  /**
   * Reads entries for `get`: a plain GET (MGET per slot, one round trip per node), judged against
   * the server's clock as last seen. Tagged entries are read again through the read script, which
   * checks their tags against invalidations atomically: one more round trip, for those only.
   */
  async fetch(keys: readonly string[]): Promise<StoredEntry[] | undefined> {
    if (this.#clockOffset === undefined) return this.read(keys);
    const entryKeys = keys.map((key) => this.keys.entry(key));
    const values = await this.#attempt("get", keys.length === 1 ? keys[0] : undefined, () => multiGetBuffer(this.client, entryKeys));
    if (values === FAILED) return undefined;
    const now = Date.now() + this.#clockOffset;
    const entries: StoredEntry[] = new Array(keys.length);
    const tagged: number[] = [];
    values.forEach((stored, index) => {
      const entry = untaggedEntry(stored, now);
      if (entry === TAGGED) tagged.push(index);
      else entries[index] = entry;
    });
    if (tagged.length > 0) {
      const checked = await this.read(tagged.map((index) => keys[index] as string));
      tagged.forEach((index, position) => {
        entries[index] = checked?.[position] ?? MISSING;
      });
    }
    return entries;
  }

  /**
   * {@link fetch} of one key, `undefined` when Redis failed: the hot path of `get`, so no batch
   * bookkeeping and no async wrapper of its own around the call.
   */
  fetchOne(key: string): Promise<StoredEntry | undefined> {
    if (this.#clockOffset === undefined) return this.read([key]).then((entries) => entries?.[0]);
    return this.#attempt("get", key, () => this.client.getBuffer(this.keys.entry(key))).then((stored) => {
      if (stored === FAILED) return undefined;
      const entry = untaggedEntry(stored, Date.now() + (this.#clockOffset ?? 0));
      return entry === TAGGED ? this.read([key]).then((entries) => entries?.[0]) : entry;
    });
  }

  #observeServerTime(now: number): void {
    if (typeof now !== "number" || !Number.isFinite(now)) return;
    // A reply is read after the server stamped it, so a sample underestimates the offset by its
    // delay: keep the largest, letting it sink 1 ms per sample so that clock adjustments come through.
    const observed = now - Date.now();
    this.#clockOffset = this.#clockOffset === undefined ? observed : Math.max(observed, this.#clockOffset - 1);
  }

  /** Writes entries (releasing their load locks) and announces them on the bus. */
  async write(entries: readonly EntryWrite[], settings: WriteSettings): Promise<boolean> {
    const shared = [settings.ttlMs, settings.graceMs, settings.tags.join("\n"), settings.token ?? ""];
    const calls = this.#perBucket(
      entries.map((entry) => entry.key),
      "keys",
      (indices) => [
        ...shared,
        ...indices.flatMap((index) => {
          const entry = entries[index] as EntryWrite;
          return [entry.key, entry.bytes];
        }),
      ],
    );
    const replies = await this.#attempt("set", entries.length === 1 ? entries[0]?.key : undefined, () =>
      runBucketCalls(this.client, writeScript, calls, false, "cache set"),
    );
    if (replies === FAILED) return false;
    this.#observeServerTime(replies[0] as number);
    return true;
  }

  /** Deletes entries and announces it. */
  async delete(keys: readonly string[]): Promise<boolean> {
    const calls = this.#perBucket(keys, "keys", (indices) => indices.map((index) => keys[index] as string));
    return this.#run("delete", keys, deleteScript, calls);
  }

  /** Records a tag invalidation in every bucket (one script per bucket, one pipeline per node) and announces it once. */
  async invalidateTags(tags: readonly string[]): Promise<boolean> {
    const message = this.#message("tags", tags);
    const calls = Array.from(
      { length: this.keys.buckets },
      (_, bucket): BucketCall => ({
        base: this.keys.base(bucket),
        args: bucket === 0 ? [this.#channel, message, ...tags] : ["", "", ...tags],
      }),
    );
    const result = await this.#attempt("invalidateTags", undefined, () =>
      runBucketCalls(this.client, invalidateTagsScript, calls, false, "cache invalidateTags"),
    );
    return result !== FAILED;
  }

  /** Releases a load lock that still belongs to `token`, waking waiters. */
  async unlock(key: string, token: string): Promise<boolean> {
    const call: BucketCall = { base: this.keys.base(this.keys.bucketOf(key)), args: [this.#channel, this.#message("released", [key]), key, token] };
    const result = await this.#attempt("unlock", key, () => runBucketCalls(this.client, unlockScript, [call], false, "cache unlock"));
    return result !== FAILED;
  }

  /** Deletes every key of the namespace (SCAN over every master) and announces it. */
  async clear(): Promise<boolean> {
    const controller = new AbortController();
    const result = await this.#attempt(
      "clear",
      undefined,
      async () => {
        await deleteByPattern(this.client, { match: this.keys.pattern, dryRun: false, signal: controller.signal });
        if (this.#channel) await this.client.publish(this.#channel, this.#message("clear", []));
      },
      CLEAR_TIMEOUT_MS,
    );
    controller.abort();
    return result !== FAILED;
  }

  #message(kind: BusMessageKind, items: readonly string[]): string {
    return this.#channel ? encodeBusMessage({ origin: this.settings.origin, kind, items: [...items] }) : "";
  }

  /** One call per bucket of `keys`: [channel, message naming the bucket's keys, ...arguments]. */
  #perBucket(keys: readonly string[], kind: BusMessageKind, argumentsOf: (indices: number[]) => ScriptArgument[]): BucketCall[] {
    const calls: BucketCall[] = [];
    for (const [bucket, indices] of this.keys.group(keys)) {
      const bucketKeys = indices.map((index) => keys[index] as string);
      calls.push({ base: this.keys.base(bucket), args: [this.#channel, this.#message(kind, bucketKeys), ...argumentsOf(indices)] });
    }
    return calls;
  }

  async #run(operation: string, items: readonly unknown[], script: RedisScript, calls: BucketCall[]): Promise<boolean> {
    const key = items.length === 1 ? (typeof items[0] === "string" ? items[0] : (items[0] as EntryWrite).key) : undefined;
    const result = await this.#attempt(operation, key, () => runBucketCalls(this.client, script, calls, false, `cache ${operation}`));
    return result !== FAILED;
  }

  /** Runs `work` if the circuit allows, bounded by the timeout; records the outcome in the breaker. */
  #attempt<T>(operation: string, key: string | undefined, work: () => Promise<T>, timeoutMs = this.settings.timeoutMs): Promise<T | typeof FAILED> {
    if (!this.breaker.tryAcquire()) return Promise.resolve(FAILED);
    return new Promise<T | typeof FAILED>((resolve) => {
      let settled = false;
      const fail = (error: unknown) => {
        settled = true;
        this.#failed(operation, key, error);
        resolve(FAILED);
      };
      const deadline = this.#deadlines.add(timeoutMs, () => {
        if (settled) return;
        fail(
          new RedisTimeoutError(
            `cache ${operation}: Redis did not answer within ${timeoutMs} ms (the cache's l2.timeoutMs); the cache answered without it. Check the server's load and network.`,
          ),
        );
      });
      let running: Promise<T>;
      try {
        running = work();
      } catch (error) {
        running = Promise.reject(error);
      }
      // Handlers stay attached after a timeout, so a late failure is never an unhandled rejection.
      running.then(
        (result) => {
          if (settled) return;
          settled = true;
          this.#deadlines.cancel(deadline);
          this.breaker.succeed();
          this.settings.onSuccess();
          resolve(result);
        },
        (error: unknown) => {
          if (settled) return;
          this.#deadlines.cancel(deadline);
          fail(error);
        },
      );
    });
  }

  #failed(operation: string, key: string | undefined, error: unknown): void {
    this.errors += 1;
    const opened = this.breaker.fail();
    this.settings.report(error, key === undefined ? { operation } : { operation, key });
    if (opened) {
      this.settings.report(
        new RedisUnavailableError(
          `cache: Redis failed ${this.breaker.failureThreshold} times in a row; the cache answers from memory and loaders for ${this.breaker.openMs} ms, then tries Redis again.`,
          { cause: error },
        ),
        { operation: "circuit" },
      );
    }
  }

  /** Stops the timeout sweeper. */
  stop(): void {
    this.#deadlines.stop();
  }
}
