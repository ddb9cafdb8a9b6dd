import { escapeGlob, keyPrefixOf, type RedisMcpError } from "@redis-mcp/core";
import { decodeValue } from "@redis-mcp/core/data";
import { InvalidMessageError, type PubSubMessage, type Unsubscribe } from "@redis-mcp/pubsub";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool } from "../tools/define-tool.js";
import { jsonValue } from "./cache.js";
import { decodedValue } from "./schemas.js";
import { ValueRoom } from "./value-budget.js";

const channelName = z.string().min(1).max(1024);
const globPattern = z.string().min(1).max(1024).describe("glob, as PSUBSCRIBE");
/** Largest payload pubsub_publish sends: a message, not a blob. */
const MAX_PAYLOAD_BYTES = 1024 * 1024;
/**
 * How long before the call's deadline a collection ends: the reply still needs the unsubscribes
 * and the connection's close (a round trip or two). A quarter of the time left, when that is less,
 * so that a short call timeout still leaves time to collect.
 */
const REPLY_MARGIN_MS = 1_000;

/** How long a collection may wait: waitMs, cut so that it ends before the call's deadline with room to reply. */
export function collectionWindow(waitMs: number, deadline: number, now: number): { ms: number; cut: boolean } {
  const left = Math.max(0, deadline - now);
  const room = Math.floor(left - Math.min(REPLY_MARGIN_MS, left / 4));
  return room < waitMs ? { ms: room, cut: true } : { ms: waitMs, cut: false };
}

/**
 * Channels live inside the key scope: the agent's `orders` is `<scope>orders` on the wire (the
 * client's whole keyPrefix, as for keys). ioredis prefixes keys, not classic channels, so it is done here.
 */
function channelScope(prefix: string) {
  const patternPrefix = escapeGlob(prefix);
  return {
    channel: (name: string) => `${prefix}${name}`,
    pattern: (pattern: string) => `${patternPrefix}${pattern}`,
    /** A wire name as the agent sees it; names outside the scope never reach here (patterns and channels carry the prefix). */
    strip: (wire: string) => (wire.startsWith(prefix) ? wire.slice(prefix.length) : wire),
    stripPattern: (wire: string) => (wire.startsWith(patternPrefix) ? wire.slice(patternPrefix.length) : wire),
  };
}

export const pubsubPublish = defineTool({
  name: "pubsub_publish",
  toolset: "pubsub",
  tier: "write",
  title: "Publish message",
  description: "Publish a JSON payload in the {id, timestamp, data} envelope; returns how many subscribers got it.",
  idempotent: false,
  input: { channel: channelName, data: jsonValue },
  output: { receivers: z.number() },
  async run(input, context) {
    const size = Buffer.byteLength(JSON.stringify(input.data) ?? "");
    if (size > MAX_PAYLOAD_BYTES) {
      throw new ToolError(
        "E_INVALID_ARGUMENT",
        `the payload is ${size} bytes; the limit is ${MAX_PAYLOAD_BYTES}. Store large data under a key and publish its name.`,
      );
    }
    const pubsub = context.applications.pubsub();
    try {
      const receivers = await pubsub.publish(channelScope(keyPrefixOf(context.redis)).channel(input.channel), input.data);
      return { structured: { receivers }, text: `${receivers} receiver(s)` };
    } finally {
      await pubsub.close();
    }
  },
});

const collected = z.object({
  channel: z.string(),
  pattern: z.string().optional(),
  id: z.string().optional(),
  timestamp: z.number().optional(),
  data: z.unknown().optional(),
  raw: decodedValue.optional().describe("a message that is not an envelope, as it arrived"),
});

export const pubsubCollect = defineTool({
  name: "pubsub_collect",
  toolset: "pubsub",
  tier: "read",
  title: "Collect messages",
  description: "Subscribe to channels or patterns for at most waitMs or maxMessages, return what arrived, unsubscribe.",
  idempotent: true,
  input: {
    channels: z.array(channelName).max(100).optional(),
    patterns: z.array(globPattern).max(100).optional(),
    waitMs: z.number().int().min(0).max(60_000).default(5_000).describe("ends sooner when the server's call timeout comes first"),
    maxMessages: z.number().int().min(1).max(1000).default(100),
  },
  output: {
    messages: z.array(collected),
    stoppedBy: z.enum(["time", "deadline", "count", "budget", "cancelled"]).describe("deadline: the server's call timeout came before waitMs"),
  },
  async run(input, context) {
    const channels = input.channels ?? [];
    const patterns = input.patterns ?? [];
    if (channels.length === 0 && patterns.length === 0) throw new ToolError("E_INVALID_ARGUMENT", "give channels, patterns or both.");
    const scope = channelScope(keyPrefixOf(context.redis));
    const messages: z.output<typeof collected>[] = [];
    const room = new ValueRoom(context.budgetBytes);
    type StoppedBy = "time" | "deadline" | "count" | "budget" | "cancelled";
    let finish: (reason: StoppedBy) => void = () => undefined;
    const finished = new Promise<StoppedBy>((resolve) => {
      finish = resolve;
    });
    const keep = (message: z.output<typeof collected>) => {
      if (messages.length >= input.maxMessages) return;
      if (!room.take(message)) return finish("budget");
      messages.push(message);
      if (messages.length >= input.maxMessages) finish("count");
    };
    const onMessage = (message: PubSubMessage) =>
      keep({
        channel: scope.strip(message.channel),
        ...(message.pattern !== undefined ? { pattern: scope.stripPattern(message.pattern) } : {}),
        id: message.id,
        timestamp: message.timestamp,
        data: message.data,
      });
    // Messages that are not envelopes (published by something else) are shown as they arrived.
    const onError = (error: RedisMcpError) => {
      if (!(error instanceof InvalidMessageError) || error.channel === undefined || !error.raw) return;
      keep({
        channel: scope.strip(error.channel),
        ...(error.pattern !== undefined ? { pattern: scope.stripPattern(error.pattern) } : {}),
        raw: decodeValue(error.raw),
      });
    };
    const pubsub = context.applications.pubsub(onError);
    const subscriptions: Unsubscribe[] = [];
    // Past the call's deadline the call fails and what arrived is lost: end before it, and say so.
    const wait = collectionWindow(input.waitMs, context.deadline, Date.now());
    const timer = setTimeout(() => finish(wait.cut ? "deadline" : "time"), wait.ms);
    const cancelled = () => finish("cancelled");
    context.signal.addEventListener("abort", cancelled, { once: true });
    try {
      if (channels.length > 0) subscriptions.push(await pubsub.subscribe(channels.map(scope.channel), onMessage));
      if (patterns.length > 0) subscriptions.push(await pubsub.psubscribe(patterns.map(scope.pattern), onMessage));
      const stoppedBy = await finished;
      const why = stoppedBy === "deadline" ? ` (the server's call timeout, --request-timeout-ms, came before waitMs)` : "";
      return { structured: { messages, stoppedBy }, text: `${messages.length} message(s), stopped by ${stoppedBy}${why}\n${JSON.stringify(messages)}` };
    } finally {
      clearTimeout(timer);
      context.signal.removeEventListener("abort", cancelled);
      // Unsubscribed before the call returns (each resolves once Redis confirms), then the connection closed: nothing stays subscribed.
      await Promise.allSettled(subscriptions.map((unsubscribe) => unsubscribe()));
      await pubsub.close();
    }
  },
});

export const pubsubChannels = defineTool({
  name: "pubsub_channels",
  toolset: "pubsub",
  tier: "read",
  title: "List channels",
  description: "Channels with subscribers (every cluster node), optionally matching a glob, with subscriber counts.",
  idempotent: true,
  input: { pattern: globPattern.optional(), limit: z.number().int().min(1).max(1000).default(100) },
  output: {
    channels: z.array(z.object({ name: z.string(), subscribers: z.number() })),
    total: z.number(),
    truncated: z.boolean(),
  },
  async run(input, context) {
    const scope = channelScope(keyPrefixOf(context.redis));
    const pubsub = context.applications.pubsub();
    try {
      const names = await pubsub.channels(scope.pattern(input.pattern ?? "*"));
      const shown = names.slice(0, input.limit);
      const counts = shown.length > 0 ? await pubsub.subscriberCounts(shown) : {};
      return {
        structured: {
          channels: shown.map((name) => ({ name: scope.strip(name), subscribers: counts[name] ?? 0 })),
          total: names.length,
          truncated: names.length > shown.length,
        },
      };
    } finally {
      await pubsub.close();
    }
  },
});

/** The pubsub toolset. */
export const PUBSUB_TOOLS = [pubsubPublish, pubsubCollect, pubsubChannels];
