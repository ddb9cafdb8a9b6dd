import { deleteByPattern, expireKey, inspectKey, multiDelete, readKey, renameKey, scanPage } from "@redis-mcp/core";
import { memoryUsage } from "@redis-mcp/core/diagnostics";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool } from "../tools/define-tool.js";
import { cursorInput, decodedValue, keyName, limitInput, valueBudget } from "./schemas.js";
import { jsonBytes } from "./value-budget.js";

const REDIS_TYPE = z.enum(["string", "hash", "list", "set", "zset", "stream"]);

export const scanKeys = defineTool({
  name: "scan_keys",
  toolset: "keys",
  tier: "read",
  title: "Scan keys",
  description: "List key names matching a glob pattern (SCAN, every cluster node), a page at a time.",
  idempotent: true,
  input: { pattern: z.string().max(1024).default("*").describe("glob, e.g. user:*"), type: REDIS_TYPE.optional(), cursor: cursorInput, limit: limitInput },
  output: { keys: z.array(z.string()), nextCursor: z.string().optional() },
  async run(input, context) {
    const room = valueBudget(context.budgetBytes);
    let limit = input.limit;
    for (;;) {
      const page = await scanPage(context.redis, { match: input.pattern, type: input.type, cursor: input.cursor, limit, count: limit, signal: context.signal });
      // One SCAN reply can hold more keys than COUNT (twice as many while Redis rehashes). A reply
      // cannot be split without losing keys, but SCAN is stateless: ask again from the same cursor
      // for fewer until the page fits the budget.
      if (limit === 1 || jsonBytes(page.keys) <= room) return { structured: { keys: page.keys, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
      limit = Math.max(1, Math.floor(limit / 2));
    }
  },
});

export const inspectKeyTool = defineTool({
  name: "inspect_key",
  toolset: "keys",
  tier: "read",
  title: "Inspect key",
  description: "Type, TTL, encoding, length and memory of a key, without reading its value.",
  idempotent: true,
  input: { key: keyName },
  output: {
    key: z.string(),
    exists: z.boolean(),
    type: z.string().nullable(),
    ttlMs: z.number().nullable(),
    encoding: z.string().nullable(),
    length: z.number().nullable(),
    memoryBytes: z.number().nullable(),
  },
  async run(input, context) {
    return { structured: { ...(await inspectKey(context.redis, input.key)) } };
  },
});

export const readKeyTool = defineTool({
  name: "read_key",
  toolset: "keys",
  tier: "read",
  title: "Read key",
  description: "Read any key type in windows: string bytes, hash fields, list items, set/zset members, stream entries.",
  idempotent: true,
  input: { key: keyName, cursor: cursorInput, limit: limitInput, maxBytes: z.number().int().min(1).optional().describe("byte budget for this window") },
  output: {
    key: z.string(),
    type: z.string(),
    exists: z.boolean(),
    total: z.number(),
    truncated: z.boolean(),
    nextCursor: z.string().optional(),
    value: decodedValue.optional(),
    entries: z.array(z.unknown()).optional(),
    members: z.array(z.unknown()).optional(),
    items: z.array(z.unknown()).optional(),
  },
  async run(input, context) {
    const maxBytes = Math.min(input.maxBytes ?? Number.POSITIVE_INFINITY, valueBudget(context.budgetBytes));
    const result = await readKey(context.redis, input.key, { cursor: input.cursor, limit: input.limit, maxBytes });
    // Drop undefined fields (JSON has none) and internal offsets the cursor already carries.
    const {
      offset: _offset,
      nextOffset: _nextOffset,
      totalBytes: _totalBytes,
      ...rest
    } = result as typeof result & { offset?: number; nextOffset?: number; totalBytes?: number };
    return { structured: JSON.parse(JSON.stringify(rest)) };
  },
});

export const deleteKeys = defineTool({
  name: "delete_keys",
  toolset: "keys",
  tier: "write",
  title: "Delete keys",
  description: "Delete listed keys, or keys matching a pattern (needs the destructive tier; dry run first, then confirm with the returned confirmationToken).",
  idempotent: true,
  destructive: true,
  // Listed keys are an ordinary write; a pattern may reach any number of keys.
  requiredTier: (input) => (input.pattern === undefined ? "write" : "destructive"),
  input: {
    keys: z.array(keyName).min(1).max(1000).optional(),
    pattern: z.string().min(1).max(1024).optional().describe("glob; dry run by default"),
    type: REDIS_TYPE.optional(),
    dryRun: z.boolean().optional().describe("report only (default true for pattern)"),
    confirmationToken: z.string().max(200).optional(),
  },
  output: {
    dryRun: z.boolean(),
    matched: z.number(),
    deleted: z.number(),
    sample: z.array(z.string()),
    estimatedBytes: z.number().optional(),
    confirmationToken: z.string().optional(),
  },
  async run(input, context) {
    if ((input.keys === undefined) === (input.pattern === undefined)) {
      throw new ToolError("E_INVALID_ARGUMENT", "give either keys (a list) or pattern (a glob), not both and not neither.");
    }
    if (input.keys) {
      const deleted = input.dryRun ? 0 : await multiDelete(context.redis, input.keys);
      return { structured: { dryRun: input.dryRun === true, matched: input.keys.length, deleted, sample: input.keys.slice(0, 20) } };
    }
    const pattern = input.pattern as string;
    const preview = await deleteByPattern(context.redis, {
      match: pattern,
      type: input.type,
      dryRun: true,
      allowAll: /^\**$/.test(pattern),
      signal: context.signal,
    });
    const sizes = await Promise.all(preview.sample.map((key) => memoryUsage(context.redis, key).catch(() => null)));
    const known = sizes.filter((size): size is number => typeof size === "number");
    const estimatedBytes = known.length > 0 ? Math.round((known.reduce((sum, size) => sum + size, 0) / known.length) * preview.matched) : 0;
    if (input.dryRun !== false) {
      return {
        structured: {
          dryRun: true,
          matched: preview.matched,
          deleted: 0,
          sample: preview.sample,
          estimatedBytes,
          confirmationToken: context.issueConfirmation(),
        },
      };
    }
    await context.confirm(
      `Delete about ${preview.matched} keys matching ${JSON.stringify(pattern)}${context.scope ? ` (scope ${context.scope})` : ""}, ~${estimatedBytes} bytes.`,
      input.confirmationToken,
    );
    await context.progress(0, preview.matched, "deleting");
    const result = await deleteByPattern(context.redis, {
      match: pattern,
      type: input.type,
      dryRun: false,
      allowAll: /^\**$/.test(pattern),
      signal: context.signal,
    });
    await context.progress(result.deleted, preview.matched, "deleted");
    return { structured: { dryRun: false, matched: result.matched, deleted: result.deleted, sample: result.sample, estimatedBytes } };
  },
});

export const expireKeyTool = defineTool({
  name: "expire_key",
  toolset: "keys",
  tier: "write",
  title: "Set or remove TTL",
  description: "Set a key's time to live in milliseconds, or persist it (remove the TTL).",
  idempotent: true,
  input: { key: keyName, ttlMs: z.number().int().min(1).optional(), persist: z.boolean().optional() },
  output: { key: z.string(), applied: z.boolean(), ttlMs: z.number() },
  async run(input, context) {
    if ((input.ttlMs === undefined) === (input.persist !== true)) {
      throw new ToolError("E_INVALID_ARGUMENT", "give either ttlMs (milliseconds) or persist: true.");
    }
    const options = input.ttlMs === undefined ? { persist: true as const } : { ttlMs: input.ttlMs };
    return { structured: { key: input.key, ...(await expireKey(context.redis, input.key, options)) } };
  },
});

export const renameKeyTool = defineTool({
  name: "rename_key",
  toolset: "keys",
  tier: "write",
  title: "Rename key",
  description: "Rename a key; refuses to replace an existing key unless overwrite is true.",
  idempotent: false,
  destructive: true,
  input: { key: keyName, newKey: keyName, overwrite: z.boolean().default(false) },
  output: { renamed: z.boolean(), key: z.string() },
  async run(input, context) {
    const renamed = await renameKey(context.redis, input.key, input.newKey, { overwrite: input.overwrite });
    if (!renamed) throw new ToolError("E_EXISTS", `${JSON.stringify(input.newKey)} already exists; pass overwrite: true to replace it.`);
    return { structured: { renamed, key: input.newKey } };
  },
});

/** The keys toolset. */
export const KEYS_TOOLS = [scanKeys, inspectKeyTool, readKeyTool, deleteKeys, expireKeyTool, renameKeyTool];
