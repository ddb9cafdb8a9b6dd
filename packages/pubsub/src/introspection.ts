import { isCluster, type RedisClient, toRedisMcpError } from "@redis-mcp/core";

/**
 * Every node a subscriber can be connected to: a cluster's masters and replicas (ioredis may put
 * a cluster's subscriber connection on any node), or the client itself.
 */
function subscriberNodes(client: RedisClient): RedisClient[] {
  return isCluster(client) ? client.nodes("all") : [client];
}

async function onEveryNode(client: RedisClient, operation: string, args: (string | number)[]): Promise<unknown[]> {
  try {
    return await Promise.all(subscriberNodes(client).map((node) => node.call("pubsub", args)));
  } catch (error) {
    throw toRedisMcpError(error, operation);
  }
}

function text(value: unknown): string {
  return Buffer.isBuffer(value) ? value.toString("utf8") : String(value);
}

/** `[name, count]` pairs of a NUMSUB reply: a flat array (RESP2), or a map under RESP3. */
function pairsOf(reply: unknown): [string, unknown][] {
  if (reply instanceof Map) return [...reply].map(([name, count]) => [text(name), count]);
  if (Array.isArray(reply)) {
    const pairs: [string, unknown][] = [];
    for (let index = 0; index + 1 < reply.length; index += 2) pairs.push([text(reply[index]), reply[index + 1]]);
    return pairs;
  }
  if (reply !== null && typeof reply === "object") return Object.entries(reply);
  return [];
}

/** Active channels (PUBSUB CHANNELS or SHARDCHANNELS) on every node, deduplicated and sorted. */
export async function activeChannels(client: RedisClient, sharded: boolean, pattern: string | undefined): Promise<string[]> {
  const args: string[] = [sharded ? "shardchannels" : "channels"];
  if (pattern !== undefined) args.push(pattern);
  const replies = await onEveryNode(client, "channels", args);
  const names = new Set<string>();
  for (const reply of replies) for (const name of (reply as unknown[]) ?? []) names.add(text(name));
  return [...names].sort();
}

/** Subscribers per channel (PUBSUB NUMSUB or SHARDNUMSUB), summed over every node. */
export async function subscriberCountsOf(client: RedisClient, sharded: boolean, channels: readonly string[]): Promise<Map<string, number>> {
  const replies = await onEveryNode(client, "subscriberCounts", [sharded ? "shardnumsub" : "numsub", ...channels]);
  const counts = new Map<string, number>(channels.map((channel) => [channel, 0]));
  for (const reply of replies) {
    for (const [name, count] of pairsOf(reply)) counts.set(name, (counts.get(name) ?? 0) + Number(count));
  }
  return counts;
}

/** Pattern subscriptions (PUBSUB NUMPAT), summed over every node. */
export async function patternCountOf(client: RedisClient): Promise<number> {
  const replies = await onEveryNode(client, "patternCount", ["numpat"]);
  return replies.reduce<number>((sum, reply) => sum + Number(reply), 0);
}
