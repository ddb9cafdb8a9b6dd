import type { RedisClient, RedisMcpError } from "@redis-mcp/core";
import { createPubSub, type PubSub, type PubSubMessage } from "@redis-mcp/pubsub";
import { withRedis } from "../cli/connect.js";
import { EXIT_CODES } from "../cli/exit-codes.js";
import { formatNumber, plural } from "../cli/format.js";
import { type Invocation, outputOf } from "../cli/invocation.js";
import type { Output } from "../cli/output.js";
import { renderTable } from "../cli/table.js";
import { displayValue, parseValue } from "../cli/values.js";

/** Runs `work` with a pub/sub instance; its subscriber connection is closed before the client. */
async function withPubSub<T>(
  invocation: Invocation,
  options: { sharded?: boolean; onError?: (error: RedisMcpError) => void },
  work: (pubsub: PubSub, redis: RedisClient) => Promise<T>,
): Promise<T> {
  return withRedis(invocation, async (redis) => {
    const pubsub = createPubSub(redis, { sharded: options.sharded === true, onError: options.onError ?? (() => {}) });
    try {
      return await work(pubsub, redis);
    } finally {
      await pubsub.close();
    }
  });
}

/** `redis-mcp pubsub publish <channel> <message>`. */
export async function publish(invocation: Invocation, channel: string, text: string, options: { as: "text" | "json"; sharded?: boolean }): Promise<void> {
  const output = outputOf(invocation);
  const data = parseValue(text, options.as);
  const receivers = await withPubSub(invocation, options, (pubsub) => pubsub.publish(channel, data));
  output.result({ channel, receivers }, () => `published to ${channel}: ${plural(receivers, "receiver")}`);
}

/** A received message as the JSON document lists it. */
interface ReceivedMessage {
  channel: string;
  pattern?: string;
  /** Envelope id and time; absent for a message that was not an envelope (published by another tool). */
  id?: string;
  timestamp?: number;
  data: unknown;
  /** True for a message that was not a redis-mcp envelope: `data` is its text. */
  raw?: boolean;
}

function received(message: PubSubMessage): ReceivedMessage {
  return {
    channel: message.channel,
    ...(message.pattern !== undefined ? { pattern: message.pattern } : {}),
    id: message.id,
    timestamp: message.timestamp,
    data: displayValue(message.data, "json"),
  };
}

function messageLine(message: ReceivedMessage, output: Output): string {
  const data = typeof message.data === "string" ? message.data : JSON.stringify(message.data);
  const time = message.timestamp !== undefined ? new Date(message.timestamp).toISOString().slice(11, 23) : "(raw)       ";
  return `${output.colors.dim(time)} ${output.colors.cyan(message.channel)} ${data}`;
}

/**
 * `redis-mcp pubsub subscribe <channels...>`: lines as messages arrive (or one document with
 * --json) until --count, --timeout or Ctrl-C. Messages that are not envelopes are shown raw.
 */
export async function subscribe(
  invocation: Invocation,
  channels: string[],
  options: { pattern?: boolean; count?: number; timeout?: number; sharded?: boolean },
): Promise<void> {
  const output = outputOf(invocation);
  const messages: ReceivedMessage[] = [];
  let finish: (reason: "count" | "timeout" | "interrupted") => void = () => {};
  const finished = new Promise<"count" | "timeout" | "interrupted">((resolve) => {
    finish = resolve;
  });
  const take = (message: ReceivedMessage) => {
    if (options.count !== undefined && messages.length >= options.count) return;
    messages.push(message);
    if (!output.json) output.streams.stdout.write(`${messageLine(message, output)}\n`);
    if (options.count !== undefined && messages.length >= options.count) finish("count");
  };
  let failure: RedisMcpError | undefined;
  const onError = (error: RedisMcpError) => {
    const raw = (error as { raw?: unknown }).raw;
    if (error.code === "E_PUBSUB_INVALID_MESSAGE" && Buffer.isBuffer(raw)) {
      const { channel, pattern } = error as { channel?: string; pattern?: string };
      take({ channel: channel ?? "", ...(pattern ? { pattern } : {}), data: raw.toString("utf8"), raw: true });
    } else failure ??= error;
  };
  const onSignal = () => finish("interrupted");
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let timer: NodeJS.Timeout | undefined;
  try {
    const reason = await withPubSub(invocation, { sharded: options.sharded, onError }, async (pubsub) => {
      const handler = (message: PubSubMessage) => take(received(message));
      await (options.pattern ? pubsub.psubscribe(channels, handler) : pubsub.subscribe(channels, handler));
      output.note(`subscribed to ${channels.join(", ")}${options.count ? `; waiting for ${plural(options.count, "message")}` : ""} (Ctrl-C to stop)`);
      if (options.timeout !== undefined) timer = setTimeout(() => finish("timeout"), options.timeout);
      return finished;
    });
    if (failure) throw failure;
    const short = reason === "timeout" && options.count !== undefined && messages.length < options.count;
    const document = { channels, pattern: options.pattern === true, messages };
    if (output.json) output.result(document, () => "", short ? EXIT_CODES.failure : undefined);
    else {
      invocation.runtime.resultWritten = true;
      if (short) invocation.runtime.exitCode = EXIT_CODES.failure;
    }
    if (short) output.note(`redis-mcp: ${plural(messages.length, "message")} of ${formatNumber(options.count ?? 0)} arrived before the timeout.`);
  } finally {
    clearTimeout(timer);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** `redis-mcp pubsub channels [pattern]`. */
export async function channels(invocation: Invocation, pattern: string | undefined, options: { sharded?: boolean }): Promise<void> {
  const output = outputOf(invocation);
  const counts = await withPubSub(invocation, options, async (pubsub) => {
    const names = (await pubsub.channels(pattern)).sort();
    if (names.length === 0) return {};
    const subscribers = await pubsub.subscriberCounts(names);
    return Object.fromEntries(names.map((name) => [name, subscribers[name] ?? 0]));
  });
  const names = Object.keys(counts);
  output.result({ pattern: pattern ?? null, channels: names.map((name) => ({ name, subscribers: counts[name] })) }, (colors) =>
    names.length === 0
      ? `no channel${pattern ? ` matching ${pattern}` : ""} has subscribers`
      : renderTable(
          [{ heading: "CHANNEL" }, { heading: "SUBSCRIBERS", align: "right" }],
          names.map((name) => [name, formatNumber(counts[name] ?? 0)]),
          colors,
        ),
  );
}
