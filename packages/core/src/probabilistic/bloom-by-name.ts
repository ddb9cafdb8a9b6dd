import { detectCapabilities } from "../capabilities/capabilities.js";
import type { RedisClient } from "../client/redis-client.js";
import { chunk } from "../cluster/slot-plan.js";
import { UnsupportedError } from "../errors/errors.js";
import type { RedisScript } from "../scripts/redis-script.js";
import type { BloomImplementation } from "./bloom-backend.js";
import { createBloomFilter, openBloomFilter } from "./bloom-filter.js";
import { type BloomKeys, bloomKeys } from "./bloom-keys.js";
import { type BloomSizing, bloomParameters } from "./bloom-parameters.js";
import { type BloomItem, bloomDigest, toItemList } from "./bloom-positions.js";
import { addDigestsScript, checkDigestsScript } from "./bloom-scripts.js";
import { MAX_ARGUMENTS_PER_COMMAND, runInOnePipeline } from "./one-pipeline.js";

/** What {@link addToBloomFilter} did. */
export interface BloomAddResult {
  /** The engine keeping the filter. */
  implementation: BloomImplementation;
  /** Per item: true when it was surely new, false when it was probably present already. */
  added: boolean[];
}

/** What {@link checkBloomFilter} found. */
export interface BloomCheckResult {
  /** Whether a filter exists under the name (a missing one has seen nothing). */
  exists: boolean;
  /** The engine keeping the filter, when it exists. */
  implementation?: BloomImplementation;
  /** Per item: false means surely never added, true means probably added. */
  present: boolean[];
}

const DIGEST_ITEMS_PER_CALL = Math.floor((MAX_ARGUMENTS_PER_COMMAND - 4) / 2);

function notServedHere(key: string, implementation: string): UnsupportedError {
  return new UnsupportedError(
    `bloom filter "${key}" is a ${implementation} filter, and this server does not have the RedisBloom module. Load the module, or use another filter name.`,
  );
}

/** A `{'implementation', name}` or `{'missing'}` reply of the digest scripts; undefined for flags. */
function marker(reply: unknown): string[] | undefined {
  return Array.isArray(reply) && typeof reply[0] === "string" ? reply.map(String) : undefined;
}

/** Either one flag per item, or the first `{'implementation', name}` / `{'missing'}` reply. */
interface DigestReply {
  marker: string[] | undefined;
  flags: boolean[];
}

/** Runs a digest script over the items: one call, or for very long lists several in one pipeline (one round trip). */
async function runDigests(
  client: RedisClient,
  keys: BloomKeys,
  script: RedisScript,
  header: readonly (string | number)[],
  items: readonly BloomItem[],
): Promise<DigestReply> {
  const scriptKeys = [keys.parameters, keys.bits];
  const argumentsFor = (part: readonly BloomItem[]) => [...header, ...part.flatMap(bloomDigest)];
  let replies: unknown[];
  if (items.length <= DIGEST_ITEMS_PER_CALL) {
    replies = [await script.run(client, scriptKeys, argumentsFor(items))];
  } else {
    script.prepare(client);
    replies = await runInOnePipeline(client, `script ${script.definition.name}`, (pipeline) => {
      for (const part of chunk(items, DIGEST_ITEMS_PER_CALL)) script.queue(client, pipeline, scriptKeys, argumentsFor(part));
    });
  }
  const found = replies.map(marker).find((reply) => reply !== undefined);
  return { marker: found, flags: found ? [] : replies.flatMap((reply) => (reply as number[]).map((flag) => flag === 1)) };
}

/**
 * Adds items to the Bloom filter named `key`, creating it sized for `sizing` when there is none;
 * an existing filter keeps its own sizing. Unlike open-then-add, a bitmap filter takes one round
 * trip (a script reads the stored size and sets the bits of each item's digest). On a server with
 * RedisBloom, filters are RedisBloom filters, opened first (two round trips). Same keys and bits
 * as {@link createBloomFilter}, so both kinds of use share filters.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad key, sizing or item (nothing is
 *   sent); UnsupportedError (`E_UNSUPPORTED`) for a RedisBloom filter on a server without the
 *   module; RedisMcpError when Redis fails.
 * @example const { added } = await addToBloomFilter(redis, "seen-urls", ["https://a.example"], { capacity: 1_000_000, errorRate: 0.01 });
 */
export async function addToBloomFilter(client: RedisClient, key: string, items: readonly BloomItem[], sizing: BloomSizing): Promise<BloomAddResult> {
  const keys = bloomKeys(key);
  const { bits, hashes } = bloomParameters(sizing);
  const list = toItemList(items, `bloom filter "${key}" add`);
  if ((await detectCapabilities(client)).bloom) {
    const filter = (await openBloomFilter(client, key)) ?? (await createBloomFilter(client, { key, ...sizing }));
    return { implementation: filter.implementation, added: await filter.add(list) };
  }
  const header = [String(sizing.capacity), String(sizing.errorRate), bits, hashes];
  const reply = await runDigests(client, keys, addDigestsScript, header, list);
  if (reply.marker) throw notServedHere(key, reply.marker[1] ?? "different");
  return { implementation: "bitmap", added: reply.flags };
}

/**
 * Checks items against the Bloom filter named `key`; a missing filter answers `exists: false` and
 * false for every item, and is not created. A bitmap filter takes one round trip; on a server with
 * RedisBloom the filter is opened first (two).
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad key or item (nothing is sent);
 *   UnsupportedError (`E_UNSUPPORTED`) for a RedisBloom filter on a server without the module;
 *   RedisMcpError when Redis fails.
 * @example const { present } = await checkBloomFilter(redis, "seen-urls", ["https://c.example"]);
 */
export async function checkBloomFilter(client: RedisClient, key: string, items: readonly BloomItem[]): Promise<BloomCheckResult> {
  const keys = bloomKeys(key);
  const list = toItemList(items, `bloom filter "${key}" check`);
  if ((await detectCapabilities(client)).bloom) {
    const filter = await openBloomFilter(client, key);
    if (!filter) return { exists: false, present: list.map(() => false) };
    return { exists: true, implementation: filter.implementation, present: await filter.check(list) };
  }
  const reply = await runDigests(client, keys, checkDigestsScript, [], list);
  if (reply.marker?.[0] === "missing") return { exists: false, present: list.map(() => false) };
  if (reply.marker) throw notServedHere(key, reply.marker[1] ?? "different");
  return { exists: true, implementation: "bitmap", present: reply.flags };
}
