import type { RedisClient } from "../client/redis-client.js";
import { hashScan } from "../data/hashes.js";
import { assertKey } from "../data/validate.js";
import { InvalidArgumentError, throwIfCancelled } from "../errors/errors.js";
import { escapeGlob } from "./glob-pattern.js";
import { mastersInOrder, planScan, scanNodeOnce } from "./scan-node.js";
import { assertPositiveInteger, validateScanOptions } from "./scan-options.js";

/** Options for {@link completeKeyNames} and {@link completeHashFields}. */
export interface CompletionOptions {
  /** Most names returned (default 20, at most 100, MCP's limit for one completion). */
  limit?: number;
  /**
   * Most SCAN/HSCAN rounds (default 10). A round is one call per node, sent together. Bounds the
   * work on a large keyspace: a completion answers while the user types, so it returns what it
   * found by then, with `hasMore`.
   */
  maxRounds?: number;
  /** Entries Redis examines per call (COUNT, default 1000). */
  count?: number;
  /** Key names only: only keys of this type (SCAN TYPE). */
  type?: string;
  signal?: AbortSignal;
}

/** What a completion found. */
export interface Completion {
  /** Sorted, without duplicates, at most `limit`. */
  values: string[];
  /** True when there may be more matches than `values` (more than `limit` found, or the walk was cut short). */
  hasMore: boolean;
}

const MAX_LIMIT = 100;

function settingsOf(operation: string, prefix: unknown, options: CompletionOptions) {
  const { limit = 20, maxRounds = 10, count = 1000 } = options;
  if (typeof prefix !== "string") throw new InvalidArgumentError(`${operation}: prefix must be a string (possibly empty), got ${JSON.stringify(prefix)}.`);
  assertPositiveInteger(operation, "limit", limit);
  assertPositiveInteger(operation, "maxRounds", maxRounds);
  assertPositiveInteger(operation, "count", count);
  if (limit > MAX_LIMIT) throw new InvalidArgumentError(`${operation}: limit is at most ${MAX_LIMIT}, got ${limit}.`);
  return { limit, maxRounds, count, match: `${escapeGlob(prefix)}*` };
}

function completion(found: Set<string>, limit: number, cutShort: boolean): Completion {
  const values = [...found].sort().slice(0, limit);
  return { values, hasMore: cutShort || found.size > limit };
}

/**
 * Key names that start with `prefix`, for completing what a user types: SCAN MATCH `prefix*`
 * (the prefix matched literally) on every master at once, round by round, for at most
 * `maxRounds` rounds. Never KEYS; with a client keyPrefix only keys under it are seen, and names
 * come back without it.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for bad options; RedisMcpError when Redis fails.
 * @example await completeKeyNames(redis, "user:") // { values: ["user:1", "user:2"], hasMore: false }
 */
export async function completeKeyNames(client: RedisClient, prefix: string, options: CompletionOptions = {}): Promise<Completion> {
  const operation = "completeKeyNames";
  const { limit, maxRounds, count, match } = settingsOf(operation, prefix, options);
  const plan = planScan(client, validateScanOptions(operation, { match, count, type: options.type }));
  const found = new Set<string>();
  let walks = mastersInOrder(client, operation).map((node) => ({ node, cursor: "0" }));
  for (let round = 0; round < maxRounds && walks.length > 0 && found.size <= limit; round++) {
    throwIfCancelled(options.signal, operation);
    const steps = await Promise.all(walks.map((walk) => scanNodeOnce(walk.node, walk.cursor, plan, operation)));
    walks = walks.flatMap((walk, index) => {
      const step = steps[index];
      if (!step) return [];
      for (const key of step.keys) found.add(key.toString("utf8"));
      return step.cursor === "0" ? [] : [{ node: walk.node, cursor: step.cursor }];
    });
  }
  return completion(found, limit, walks.length > 0);
}

/**
 * Field names of a hash that start with `prefix`: HSCAN MATCH `prefix*` (matched literally) for
 * at most `maxRounds` calls. A missing key has no fields.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for bad options; WrongTypeError (`E_WRONG_TYPE`)
 *   when the key is not a hash; RedisMcpError when Redis fails.
 * @example await completeHashFields(redis, "user:1", "em") // { values: ["email"], hasMore: false }
 */
export async function completeHashFields(client: RedisClient, key: string, prefix: string, options: CompletionOptions = {}): Promise<Completion> {
  const operation = "completeHashFields";
  assertKey(operation, key);
  const { limit, maxRounds, count, match } = settingsOf(operation, prefix, options);
  const found = new Set<string>();
  let cursor = "0";
  let done = false;
  for (let round = 0; round < maxRounds && !done && found.size <= limit; round++) {
    throwIfCancelled(options.signal, operation);
    const page = await hashScan(client, key, { cursor, count, match });
    for (const field of Object.keys(page.fields)) found.add(field);
    cursor = page.cursor;
    done = page.done;
  }
  return completion(found, limit, !done);
}
