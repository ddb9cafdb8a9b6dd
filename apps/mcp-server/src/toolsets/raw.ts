import {
  callRawCommand,
  isCluster,
  masterNodes,
  nodeAddress,
  planRawCommand,
  type RawCommandAccess,
  type RawCommandPlan,
  type RedisClient,
  toRedisMcpError,
} from "@redis-mcp/core";
import { decodeValue } from "@redis-mcp/core/data";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import type { Tier } from "../guard/tier.js";
import { defineTool } from "../tools/define-tool.js";

/** Script and function calls: without keys they run once, on one master, not on each. */
const SCRIPT_CALLS: ReadonlySet<string> = new Set(["eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro"]);

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

/**
 * Runs a keyless command on a cluster. Such a command is about the node that runs it (DBSIZE, INFO,
 * CONFIG SET): it runs on every master, as `redis-cli --cluster call` does, and each answers for
 * itself; or on the one master named (to follow one node's SCAN cursor, say). A script or function
 * called without keys is one piece of work: it runs once.
 */
async function onMasters(client: RedisClient, command: string[], plan: RawCommandPlan, node: string | undefined): Promise<NodeReply[]> {
  const masters = masterNodes(client);
  if (masters.length === 0)
    throw new ToolError("E_REDIS_UNAVAILABLE", "the cluster's masters are not known yet (is it still starting?); try again. Nothing was sent.");
  let targets = SCRIPT_CALLS.has(plan.name) ? masters.slice(0, 1) : masters;
  if (node !== undefined) {
    targets = masters.filter((master) => nodeAddress(master) === node);
    if (targets.length === 0) {
      throw new ToolError(
        "E_INVALID_ARGUMENT",
        `node ${node} is not a master of this cluster; the masters are ${masters.map(nodeAddress).join(", ")}. Nothing was sent.`,
      );
    }
  }
  const settled = await Promise.allSettled(targets.map((target) => callRawCommand(target, command, plan)));
  // Refused everywhere (a bad CONFIG SET, say): an error, as on a single Redis.
  if (settled.every((outcome) => outcome.status === "rejected")) throw (settled[0] as PromiseRejectedResult).reason;
  return settled.map((outcome, index) => {
    const address = nodeAddress(targets[index] as (typeof targets)[number]);
    return outcome.status === "fulfilled"
      ? { node: address, reply: jsonReply(outcome.value) }
      : { node: address, error: toRedisMcpError(outcome.reason, plan.name).message };
  });
}

/** One master's answer to a keyless command: its reply, or the error it gave. */
interface NodeReply {
  node: string;
  reply?: unknown;
  error?: string;
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
    if (cluster && keyless)
      return { structured: { command: plan.name, access: plan.access, nodes: await onMasters(context.redis, command, plan, input.node) } };
    const reply = jsonReply(await callRawCommand(context.redis, command, plan));
    return { structured: { command: plan.name, access: plan.access, reply } };
  },
});

/** The raw toolset. */
export const RAW_TOOLS = [redisCommand];
