import { slotOf } from "../cluster/slots.js";
import { escapeGlob } from "../keyspace/glob-pattern.js";

/**
 * Where a namespace's data lives in Redis. Entries are spread over `buckets` hash tags
 * (`{<namespace>:<bucket>}`); everything an entry's read or write needs is in its bucket's slot:
 *
 * - `<namespace>:{<namespace>:<b>}:e:<key>`: the entry, one string (a header of times and tags,
 *   then the encoded value: entry-format.ts), expiring at the end of its grace period;
 * - `<namespace>:{<namespace>:<b>}:l:<key>`: the load lock of a key (distributed stampede protection);
 * - `<namespace>:{<namespace>:<b>}:t:<tag>`: when the tag was last invalidated (µs, server clock);
 * - `<namespace>:{<namespace>:<b>}:h`: the latest expiry of a tagged entry in the bucket, which is
 *   how long a tag invalidation must be remembered there.
 *
 * Scripts get the bucket's base name as their only key and build the others from it, so ioredis'
 * keyPrefix applies to all of them and they all hash to the bucket's slot.
 */
export class CacheKeys {
  readonly #bases: string[];

  constructor(
    readonly namespace: string,
    readonly buckets: number,
  ) {
    this.#bases = Array.from({ length: buckets }, (_, bucket) => `${namespace}:{${namespace}:${bucket}}:`);
  }

  /** The bucket a key belongs to. */
  bucketOf(key: string): number {
    return this.buckets === 1 ? 0 : slotOf(key) % this.buckets;
  }

  /** The base name of a bucket: the key every script on that bucket is given. */
  base(bucket: number): string {
    return this.#bases[bucket] as string;
  }

  /** The Redis key of an entry (without the client's keyPrefix). */
  entry(key: string): string {
    return `${this.base(this.bucketOf(key))}e:${key}`;
  }

  /** The Redis key of an entry's load lock. */
  lock(key: string): string {
    return `${this.base(this.bucketOf(key))}l:${key}`;
  }

  /** SCAN MATCH pattern for every key of the namespace (without the client's keyPrefix). */
  get pattern(): string {
    return `${escapeGlob(this.namespace)}:{*`;
  }

  /** The pub/sub channel of the namespace's invalidation bus (channels get no keyPrefix from ioredis, so it is added here). */
  channel(keyPrefix: string): string {
    return `${keyPrefix}${this.namespace}:cache-bus`;
  }

  /** Groups positions of `keys` by bucket. */
  group(keys: readonly string[]): Map<number, number[]> {
    const groups = new Map<number, number[]>();
    keys.forEach((key, index) => {
      const bucket = this.bucketOf(key);
      const indices = groups.get(bucket);
      if (indices) indices.push(index);
      else groups.set(bucket, [index]);
    });
    return groups;
  }
}
