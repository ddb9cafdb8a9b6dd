import { callRawCommand, callRawCommandOnMasters, isCluster, planRawCommand, type RawCommandAccess } from "@redis-mcp/core";
import { decodeValue } from "@redis-mcp/core/data";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import type { Tier } from "../guard/tier.js";
import { defineTool } from "../tools/define-tool.js";

const TIER_FOR_ACCESS: Record<RawCommandAccess, Tier> = { read: "read", write: "write", admin: "admin" };

/**
 * A reply as JSON: text as strings, bytes that are not UTF-8 as `{ encoding: "base64", value }`,
 * errors inside arrays (a script's pcall) as `{ error }`.
 */
function jsonReply(reply: unknown): unknown {
  if (reply instanceof Error) return { error: reply.message };
  if (Buffer.isBuffer(reply)) {
    const decoded = decodeValue(reply);
    return decoded.encoding === "utf8" ? decoded.value : decoded;
  }
  if (Array.isArray(reply)) return reply.map(jsonReply);
  return reply ?? null;
}

export const redisCommand = defineTool({
  name: "redis_command",
  toolset: "raw",
  tier: "read",
  title: "Run a Redis command",
  description: "Any command as [name, ...args], tier- and scope-checked by the server's command table. Keyless: each cluster master. Prefer typed tools.",
  idempotent: false,
  destructive: true,
  input: {
    command: z
      .array(z.union([z.string().max(1_000_000), z.number()]))
      .min(1)
      .max(10_000)
      .describe('e.g. ["HGETALL", "user:1"]'),
    node: z.string().max(300).optional().describe("keyless: one cluster master (host:port)"),
  },
  output: {
    command: z.string(),
    access: z.enum(["read", "write", "admin"]),
    reply: z.unknown().optional(),
    nodes: z.array(z.object({ node: z.string(), reply: z.unknown().optional(), error: z.string().optional() })).optional(),
  },
  async run(input, context) {
    const command = input.command.map(String);
    const plan = await planRawCommand(context.redis, command);
    context.requireTier(TIER_FOR_ACCESS[plan.access], plan.name.replace("|", " ").toUpperCase());
    const cluster = isCluster(context.redis);
    const keyless = plan.keyIndexes.length === 0;
    if (input.node !== undefined && !(cluster && keyless)) {
      throw new ToolError(
        "E_INVALID_ARGUMENT",
        cluster
          ? `${plan.name} names keys, and its keys pick the node: leave node out. Nothing was sent.`
          : "node is for a cluster; this server is connected to a single Redis: leave node out. Nothing was sent.",
      );
    }
    if (cluster && keyless) {
      // About the node that runs it (DBSIZE, INFO, CONFIG SET): every master answers, or the one named.
      const nodes = await callRawCommandOnMasters(context.redis, command, plan, { node: input.node });
      return {
        structured: {
          command: plan.name,
          access: plan.access,
          nodes: nodes.map(({ node, reply, error }) => (error ? { node, error: error.message } : { node, reply: jsonReply(reply) })),
        },
      };
    }
    const reply = jsonReply(await callRawCommand(context.redis, command, plan));
    return { structured: { command: plan.name, access: plan.access, reply } };
  },
});

/** The raw toolset. */
export const RAW_TOOLS = [redisCommand];
