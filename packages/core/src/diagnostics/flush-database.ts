import { keyPrefixOf, type RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { diagnosticNodes, execOnNode, perNode, replyAt } from "./node-pipeline.js";

/** Keys of the selected database on one master. */
export interface NodeDatabaseSize {
  /** `host:port`. */
  node: string;
  /** DBSIZE: keys in the database (before the flush, for {@link flushDatabase}). */
  keys: number;
}

/**
 * DBSIZE of the selected database on every master (a standalone server, or each master of a
 * cluster), one round trip per node: what a flush would delete.
 * @throws RedisMcpError (`E_NO_PERMISSION`, `E_REDIS_UNAVAILABLE`, ...) naming the node.
 * @example const sizes = await databaseSizes(redis); // [{ node: "127.0.0.1:6379", keys: 42 }]
 */
export function databaseSizes(client: RedisClient): Promise<NodeDatabaseSize[]> {
  return perNode(diagnosticNodes(client, "databaseSizes"), async (node) => {
    const replies = await execOnNode(node, "databaseSizes", (pipeline) => pipeline.call("DBSIZE"));
    return { node: node.address, keys: Number(replyAt(replies, 0, "databaseSizes", node)) };
  });
}

/** Options for {@link flushDatabase}. */
export interface FlushDatabaseOptions {
  /** FLUSHDB ASYNC: free the memory in a background thread (default false: SYNC). */
  async?: boolean;
}

/**
 * Deletes every key of the selected database on every master (FLUSHDB), and says how many keys
 * each held just before (DBSIZE in the same round trip). Not for a client with a keyPrefix:
 * FLUSHDB ignores prefixes and would delete other tenants' keys.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a client with a keyPrefix; nothing is deleted.
 * @throws RedisMcpError (`E_NO_PERMISSION` when FLUSHDB is renamed or forbidden, `E_REDIS_UNAVAILABLE`, ...) naming the node.
 * @example const flushed = await flushDatabase(redis, { async: true });
 */
export async function flushDatabase(client: RedisClient, options: FlushDatabaseOptions = {}): Promise<NodeDatabaseSize[]> {
  const prefix = keyPrefixOf(client);
  if (prefix) {
    throw new InvalidArgumentError(
      `flushDatabase: FLUSHDB deletes every key of the database, not only those under the keyPrefix "${prefix}". Delete by pattern instead (deleteByPattern with match "*"), which stays inside the prefix.`,
    );
  }
  return perNode(diagnosticNodes(client, "flushDatabase"), async (node) => {
    const replies = await execOnNode(node, "flushDatabase", (pipeline) => {
      pipeline.call("DBSIZE");
      pipeline.call("FLUSHDB", options.async ? "ASYNC" : "SYNC");
    });
    replyAt(replies, 1, "flushDatabase", node);
    return { node: node.address, keys: Number(replyAt(replies, 0, "flushDatabase", node)) };
  });
}
