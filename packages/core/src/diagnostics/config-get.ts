import type { RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { diagnosticNodes, execOnNode, type NodeSelection, perNode, replyAt } from "./node-pipeline.js";
import { replyTextRecord } from "./reply-values.js";
import { maskSecretParameters } from "./secrets.js";

/** The matching configuration parameters of one server. */
export interface NodeConfig {
  node: string;
  /** Parameter → value, secrets (`requirepass`, `masterauth`, ...) masked as `********`. */
  config: Record<string, string>;
}

function checkPatterns(pattern: string | readonly string[]): string[] {
  const patterns = typeof pattern === "string" ? [pattern] : Array.isArray(pattern) ? [...pattern] : [];
  if (patterns.length === 0 || patterns.some((item) => typeof item !== "string" || item.trim() === "")) {
    throw new InvalidArgumentError(`configGet: pattern must be a non-empty glob such as "maxmemory*" (or a list of them), got ${JSON.stringify(pattern)}.`);
  }
  return patterns;
}

/**
 * CONFIG GET on every master (and replicas with `includeReplicas`), with secret parameters
 * masked. Several patterns become several CONFIG GETs in the node's one pipeline, so this also
 * works on servers before Redis 7.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty pattern; nothing is sent.
 * @throws RedisMcpError (`E_NO_PERMISSION`, `E_UNSUPPORTED` where CONFIG is disabled, `E_REDIS_UNAVAILABLE`, ...) naming the node.
 * @example
 * const [first] = await configGet(redis, "maxmemory*");
 * console.log(first?.config["maxmemory-policy"]);
 */
export async function configGet(client: RedisClient, pattern: string | readonly string[], options: NodeSelection = {}): Promise<NodeConfig[]> {
  const patterns = checkPatterns(pattern);
  return perNode(diagnosticNodes(client, "configGet", options), async (node) => {
    const replies = await execOnNode(node, "configGet", (pipeline) => {
      for (const item of patterns) pipeline.call("CONFIG", "GET", item);
    });
    const config: Record<string, string> = {};
    for (let index = 0; index < patterns.length; index++) Object.assign(config, replyTextRecord(replyAt(replies, index, "configGet", node)));
    return { node: node.address, config: maskSecretParameters(config) };
  });
}
