import { closeRedis, createRedis, loadRedisConfig, type RedisClient, redisFlagValues } from "@redis-mcp/core";
import { type GlobalOptions, globalOptions, type Invocation } from "./invocation.js";

/** Where to connect, in the words of the flags and variables a person can change. */
const CONNECTION_HINT = "Point --redis-url (or REDIS_URL, --redis-cluster-nodes, ...) at the Redis to use.";

const CLUSTER_HINT = "This is a Redis Cluster node: connect with --redis-cluster-nodes host:port (or REDIS_CLUSTER_NODES).";

/** Connection settings from the flags, the environment and the config file, as every redis-mcp tool reads them. */
function configFrom(options: GlobalOptions, url: string | undefined) {
  const { flags, flagNames } = redisFlagValues(options);
  // `ping --url` is kept from the first release; --redis-url wins when both are given.
  if (url !== undefined && (flags as { url?: string }).url === undefined) {
    (flags as { url?: string }).url = url;
    flagNames.url = "--url";
  }
  return loadRedisConfig({ flags, flagNames, ...(options.config ? { file: options.config } : {}) });
}

/**
 * Connects as the flags, environment and config file say, runs `work`, and closes the connection
 * (within a bounded time) whatever happens. A connection failure becomes one line that says
 * where it tried and what to change.
 * @throws RedisMcpError (`E_CONFIG_INVALID`, `E_REDIS_UNAVAILABLE`, `E_AUTH`, `E_TIMEOUT`, ...).
 */
export async function withRedis<T>(invocation: Invocation, work: (redis: RedisClient) => Promise<T>, options: { url?: string } = {}): Promise<T> {
  const config = configFrom(globalOptions(invocation), options.url);
  let redis: RedisClient;
  try {
    redis = await createRedis(config);
  } catch (error) {
    if (error instanceof Error) error.message = `${error.message.replace(/\s*$/, "")} ${CONNECTION_HINT}`;
    throw error;
  }
  try {
    return await work(redis);
  } catch (error) {
    // A cluster node reached as a single server answers MOVED for keys on other nodes.
    if (error instanceof Error && /\bMOVED \d+/.test(error.message)) error.message = `${error.message.replace(/\s*$/, "")} ${CLUSTER_HINT}`;
    throw error;
  } finally {
    await closeRedis(redis, { timeoutMs: 500 });
  }
}
