import type { Cache, CacheStats } from "@redis-mcp/core";
import { decodeValue } from "@redis-mcp/core/data";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool } from "../tools/define-tool.js";
import { decodedValue } from "./schemas.js";

const cacheKey = z.string().min(1).max(4096).describe("key as the application gives it to the cache");
const tagInput = z.string().min(1).max(1024);
/** Any JSON value; present (the schema of unknown would let it be left out). */
export const jsonValue = z.unknown().refine((value) => value !== undefined, "give a JSON value");
/** Largest value cache_set writes: caches hold small computed results, not blobs. */
const MAX_CACHE_VALUE_BYTES = 1024 * 1024;

/**
 * The cache absorbs Redis failures (a get is then a miss): for a tool a silent miss is a lie, so
 * a call whose Redis work failed or was skipped by the open circuit is an error instead.
 */
async function checked<Result>(cache: Cache, work: () => Promise<Result>): Promise<Result> {
  const before = cache.stats();
  const result = await work();
  const after = cache.stats();
  if (after.l2.errors > before.l2.errors || after.circuit === "open" || after.pendingReplays > before.pendingReplays) {
    throw new ToolError(
      "E_REDIS_UNAVAILABLE",
      `the cache could not reach Redis (circuit ${after.circuit}); nothing was read or confirmed written. Retry when Redis answers (health_check shows why).`,
    );
  }
  return result;
}

export const cacheGet = defineTool({
  name: "cache_get",
  toolset: "cache",
  tier: "read",
  title: "Get cache entry",
  description: "Read the application's cached value of a key (fresh entries only; tag-invalidated is a miss).",
  idempotent: true,
  input: { key: cacheKey },
  output: { found: z.boolean(), value: decodedValue.nullable() },
  async run(input, context) {
    const cache = context.applications.cache();
    const value = await checked(cache, () => cache.get(input.key));
    if (value === undefined) return { structured: { found: false, value: null }, text: "(miss)" };
    // The default codec stores Buffers as raw bytes: those come back as text or base64, the rest as JSON.
    const shown = Buffer.isBuffer(value) ? decodeValue(value) : { encoding: "json" as const, value };
    return { structured: { found: true, value: shown } };
  },
});

export const cacheSet = defineTool({
  name: "cache_set",
  toolset: "cache",
  tier: "write",
  title: "Set cache entry",
  description: "Store a JSON value with a TTL and tags; every app instance drops its in-process copy.",
  idempotent: true,
  destructive: true,
  input: {
    key: cacheKey,
    value: jsonValue,
    ttlMs: z
      .number()
      .int()
      .min(1)
      .max(365 * 86_400_000),
    tags: z.array(tagInput).max(100).optional().describe("for cache_invalidate_tag"),
  },
  output: { written: z.boolean() },
  async run(input, context) {
    const size = Buffer.byteLength(JSON.stringify(input.value) ?? "");
    if (size > MAX_CACHE_VALUE_BYTES) {
      throw new ToolError("E_INVALID_ARGUMENT", `the value is ${size} bytes as JSON; cache_set takes at most ${MAX_CACHE_VALUE_BYTES}. Nothing was written.`);
    }
    const cache = context.applications.cache();
    await checked(cache, () => cache.set(input.key, input.value, { ttlMs: input.ttlMs, tags: input.tags }));
    return { structured: { written: true }, text: "OK" };
  },
});

export const cacheDelete = defineTool({
  name: "cache_delete",
  toolset: "cache",
  tier: "write",
  title: "Delete cache entries",
  description: "Remove entries by key from Redis and from every app instance's in-process tier.",
  idempotent: true,
  destructive: true,
  input: { keys: z.array(cacheKey).min(1).max(1000) },
  output: { deleted: z.number().describe("keys asked for (a missing key counts too)") },
  async run(input, context) {
    const cache = context.applications.cache();
    await checked(cache, () => cache.deleteMany(input.keys));
    return { structured: { deleted: input.keys.length } };
  },
});

export const cacheInvalidateTag = defineTool({
  name: "cache_invalidate_tag",
  toolset: "cache",
  tier: "write",
  title: "Invalidate cache tags",
  description: "Make every entry written with any of these tags a miss, in every app instance.",
  idempotent: true,
  destructive: true,
  input: { tags: z.array(tagInput).min(1).max(100) },
  output: { invalidated: z.array(z.string()) },
  async run(input, context) {
    const cache = context.applications.cache();
    await checked(cache, () => cache.invalidateTags(input.tags));
    return { structured: { invalidated: input.tags } };
  },
});

const stats = z.object({
  redisHits: z.number(),
  redisMisses: z.number(),
  redisErrors: z.number(),
  circuit: z.enum(["closed", "open", "half-open"]),
  pendingReplays: z.number(),
});

function statsOf(value: CacheStats): z.output<typeof stats> {
  return { redisHits: value.l2.hits, redisMisses: value.l2.misses, redisErrors: value.l2.errors, circuit: value.circuit, pendingReplays: value.pendingReplays };
}

export const cacheStats = defineTool({
  name: "cache_stats",
  toolset: "cache",
  tier: "read",
  title: "Cache stats",
  description: "The cache namespace and this server's hits, misses, errors and circuit state on it.",
  idempotent: true,
  input: {},
  output: { namespace: z.string(), stats },
  async run(_input, context) {
    const cache = context.applications.cache();
    return { structured: { namespace: cache.namespace, stats: statsOf(cache.stats()) } };
  },
});

/** The cache toolset: an application's createCache data. */
export const CACHE_TOOLS = [cacheGet, cacheSet, cacheDelete, cacheInvalidateTag, cacheStats];
