import { isCluster, nodeAddress, type RedisClient, slotOf } from "@redis-mcp/core";
import type { Cluster } from "ioredis";

/**
 * The connection a raw PUBLISH must take to keep its order with the package's messages on
 * `channel`: on a cluster the package publishes through the master owning the channel's slot, and
 * messages that enter the cluster bus at two different nodes may reach a subscriber in either order.
 */
export function publisherBeside(client: RedisClient, channel: string): RedisClient {
  if (!isCluster(client)) return client;
  const owner = (client as Cluster).slots[slotOf(channel)]?.[0];
  const node = client.nodes("master").find((candidate) => nodeAddress(candidate) === owner);
  if (node === undefined) throw new Error(`no master owns the slot of ${channel}`);
  return node;
}
