import type { Redis } from "ioredis";
import { isCluster, type RedisClient } from "../client/redis-client.js";

/** The part of an ioredis connection this touches: its socket, replaced on every reconnect. */
interface Connection {
  stream?: { on(event: "data", listener: () => void): unknown };
  on(event: "connect", listener: () => void): unknown;
}

function ignoreChunk(): void {
  // Only its presence matters: see deliverConnectionReplies.
}

/**
 * ioredis attaches its reply parser with `prependListener("data")` (so the parser runs before its
 * socket-timeout check) and resumes the socket by hand. A listener added that way does not mark
 * the socket as having a "data" listener, so Node's Readable buffers every chunk and delivers it
 * from a nextTick (flow → read → emit) instead of emitting it as it arrives: an extra tick and
 * buffer work on every reply. An empty listener added with `on("data")` sets that mark, and the
 * parser (still first) gets each chunk straight from the socket read.
 */
function deliverConnectionReplies(connection: Connection): void {
  connection.on("connect", () => connection.stream?.on("data", ignoreChunk));
}

/** Makes a standalone or Sentinel client, or every node a Cluster connects to, get replies without the extra tick. */
export function deliverRepliesDirectly(client: RedisClient): void {
  if (isCluster(client)) {
    client.on("+node", (node: Redis) => deliverConnectionReplies(node as unknown as Connection));
    return;
  }
  deliverConnectionReplies(client as unknown as Connection);
}
