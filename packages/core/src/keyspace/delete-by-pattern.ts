import { keyPrefixOf, type RedisClient } from "../client/redis-client.js";
import { multiDelete } from "../cluster/multi-key.js";
import { decodeUtf8Strictly } from "../codecs/utf8.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { withRedisErrors } from "../errors/map-redis-error.js";
import { matchesEverything } from "./glob-pattern.js";
import { scanKeyBatches } from "./scan.js";
import { assertPositiveInteger, validateScanOptions } from "./scan-options.js";

/** Options for {@link deleteByPattern}. */
export interface DeleteByPatternOptions {
  /** Glob pattern for key names without the client's keyPrefix, e.g. `"cache:*"`. Required. */
  match: string;
  /** Only keys of this type (`string`, `hash`, ...). */
  type?: string;
  /** Count and sample the keys but delete nothing (default true: deleting is opt-in). */
  dryRun?: boolean;
  /** Keys per SCAN COUNT and per UNLINK batch (default 500). */
  batchSize?: number;
  /** How many matched key names to return in `sample` (default 20). */
  sampleSize?: number;
  /** Allow a pattern that matches every key (`"*"`); still scoped to the client's keyPrefix (default false). */
  allowAll?: boolean;
  /** Stops between batches with E_CANCELLED when aborted (batches already deleted stay deleted). */
  signal?: AbortSignal;
}

/** What {@link deleteByPattern} found and did. */
export interface DeleteByPatternResult {
  /** Keys the walk found (SCAN can report a key twice while Redis rehashes). */
  matched: number;
  /** Keys actually removed; 0 on a dry run. */
  deleted: number;
  dryRun: boolean;
  /** The first `sampleSize` matched names, without the keyPrefix. */
  sample: string[];
}

function validate(options: DeleteByPatternOptions, prefix: string): Required<Omit<DeleteByPatternOptions, "type" | "signal">> & { type: string | undefined } {
  const { match, type, dryRun = true, batchSize = 500, sampleSize = 20, allowAll = false } = options;
  if (typeof match !== "string" || match === "") {
    throw new InvalidArgumentError('deleteByPattern: match is required: a glob pattern for the keys to delete, such as "cache:*".');
  }
  if (matchesEverything(match) && allowAll !== true) {
    const scope = prefix ? `every key under the prefix ${JSON.stringify(prefix)}` : "every key in the database";
    throw new InvalidArgumentError(
      `deleteByPattern: the pattern ${JSON.stringify(match)} matches ${scope}. Narrow it (e.g. "cache:*"), or pass allowAll: true if that is really what you want.`,
    );
  }
  if (typeof dryRun !== "boolean") throw new InvalidArgumentError(`deleteByPattern: dryRun must be true or false, got ${JSON.stringify(dryRun)}.`);
  assertPositiveInteger("deleteByPattern", "batchSize", batchSize);
  if (!Number.isSafeInteger(sampleSize) || sampleSize < 0) {
    throw new InvalidArgumentError(`deleteByPattern: sampleSize must be a whole number of keys (0 or more), got ${JSON.stringify(sampleSize)}.`);
  }
  validateScanOptions("deleteByPattern", { match, type, count: batchSize });
  return { match, type, dryRun, batchSize, sampleSize, allowAll };
}

/** UNLINKs one batch; returns how many keys existed. */
async function unlinkBatch(client: RedisClient, keys: Buffer[], batchSize: number): Promise<number> {
  const textKeys: string[] = [];
  const binaryKeys: Buffer[] = [];
  for (const key of keys) {
    const text = decodeUtf8Strictly(key);
    if (text === undefined) binaryKeys.push(key);
    else textKeys.push(text);
  }
  // Names that are not UTF-8 cannot go through multiDelete's string keys without changing; they
  // are rare, so each gets its own UNLINK, routed by ioredis from the exact bytes.
  const [textDeleted, ...binaryDeleted] = await Promise.all([
    multiDelete(client, textKeys, { chunkSize: batchSize }),
    ...binaryKeys.map((key) => withRedisErrors("deleteByPattern: UNLINK", () => client.unlink(key))),
  ]);
  return binaryDeleted.reduce((sum, count) => sum + count, textDeleted);
}

/**
 * Deletes the keys matching a pattern on a standalone server or every master of a cluster: walks
 * SCAN and UNLINKs each batch as it goes (grouped by slot, one pipeline per node), so memory stays
 * bounded whatever the number of keys. A dry run (the default) only counts and samples. With a
 * client keyPrefix, only keys under the prefix are touched. Not atomic: keys written during the
 * walk may survive.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty pattern, a match-everything
 *   pattern without `allowAll`, or bad options, before anything is sent; RedisMcpError
 *   (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, ...) when Redis fails (batches already deleted stay deleted).
 * @example
 * const preview = await deleteByPattern(redis, { match: "cache:*" });
 * if (confirm(`${preview.matched} keys, e.g. ${preview.sample[0]}`)) await deleteByPattern(redis, { match: "cache:*", dryRun: false });
 */
export async function deleteByPattern(client: RedisClient, options: DeleteByPatternOptions): Promise<DeleteByPatternResult> {
  const { match, type, dryRun, batchSize, sampleSize } = validate(options ?? ({} as DeleteByPatternOptions), keyPrefixOf(client));
  const result: DeleteByPatternResult = { matched: 0, deleted: 0, dryRun, sample: [] };
  let pending: Buffer[] = [];
  const flush = async (): Promise<void> => {
    if (!dryRun && pending.length > 0) result.deleted += await unlinkBatch(client, pending, batchSize);
    pending = [];
  };
  for await (const keys of scanKeyBatches(client, { match, type, count: batchSize, signal: options.signal }, "deleteByPattern")) {
    result.matched += keys.length;
    for (const key of keys) {
      if (result.sample.length < sampleSize) result.sample.push(key.toString("utf8"));
    }
    if (dryRun) continue;
    pending.push(...keys);
    if (pending.length >= batchSize) await flush();
  }
  await flush();
  return result;
}
