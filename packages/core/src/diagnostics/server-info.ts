import type { RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { diagnosticNodes, execOnNode, type NodeSelection, optionalReplyAt, perNode, replyAt } from "./node-pipeline.js";
import { type InfoSections, infoText, parseInfo } from "./parse-info.js";
import { replyText } from "./reply-values.js";

/** What a server is in its replication setup. */
export type NodeRole = "master" | "replica" | "sentinel" | "unknown";

/** Options for {@link getInfo}. */
export interface GetInfoOptions extends NodeSelection {
  /**
   * INFO sections to ask for, e.g. `["memory", "stats"]`, `["everything"]` (default: the server's
   * default set). More than one section needs Redis 7+.
   */
  sections?: readonly string[];
}

/** The parsed INFO of one server. */
export interface NodeInfo {
  /** `host:port` of the server. */
  node: string;
  role: NodeRole;
  info: InfoSections;
}

/** Maps the first element of ROLE (`master`, `slave`, `sentinel`) to a {@link NodeRole}. */
export function roleFromReply(reply: unknown): NodeRole | undefined {
  const first = Array.isArray(reply) ? replyText(reply[0]) : undefined;
  if (first === "master") return "master";
  if (first === "slave" || first === "replica") return "replica";
  if (first === "sentinel") return "sentinel";
  return undefined;
}

/** The role INFO replication states (`role:master` / `role:slave`), for when ROLE is not allowed. */
export function roleFromInfo(info: InfoSections): NodeRole {
  const role = infoText(info, "replication", "role");
  if (role === "master") return "master";
  if (role === "slave" || role === "replica") return "replica";
  return info.sentinel ? "sentinel" : "unknown";
}

function checkSections(sections: readonly string[] | undefined): string[] {
  if (sections === undefined) return [];
  if (!Array.isArray(sections) || sections.length === 0)
    throw new InvalidArgumentError('getInfo: sections must be a non-empty list of INFO section names, e.g. ["memory"].');
  for (const section of sections) {
    if (typeof section !== "string" || !/^[a-z_]+$/i.test(section)) {
      throw new InvalidArgumentError(`getInfo: ${JSON.stringify(section)} is not an INFO section name; use names like "memory", "stats", "everything".`);
    }
  }
  return [...sections];
}

/**
 * INFO from every master of a cluster (and its replicas with `includeReplicas`), or from the
 * single server: one round trip per node (INFO and ROLE pipelined), nodes in parallel.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a malformed section name; nothing is sent.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, ...) naming the node that failed.
 * @example
 * const [first] = await getInfo(redis, { sections: ["memory"] });
 * console.log(first?.node, first?.info.memory?.used_memory);
 */
export async function getInfo(client: RedisClient, options: GetInfoOptions = {}): Promise<NodeInfo[]> {
  const sections = checkSections(options.sections);
  return perNode(diagnosticNodes(client, "getInfo", options), async (node) => {
    const replies = await execOnNode(node, "getInfo", (pipeline) => {
      pipeline.info(...sections);
      pipeline.call("ROLE");
    });
    const info = parseInfo(replyText(replyAt(replies, 0, "getInfo", node)));
    return { node: node.address, role: roleFromReply(optionalReplyAt(replies, 1)) ?? roleFromInfo(info), info };
  });
}
