import type { RedisClient } from "../client/redis-client.js";
import { diagnosticNodes, execOnNode, perNode, replyAt, replyErrorAt } from "./node-pipeline.js";
import { infoNumber, infoText, parseInfo } from "./parse-info.js";
import { replyText } from "./reply-values.js";

/** One master's persistence after {@link backgroundSave}. */
export interface NodePersistence {
  /** `host:port`. */
  node: string;
  /** True when this call started a background save (or scheduled one, with `schedule`). */
  started: boolean;
  /** What the server answered to BGSAVE (`Background saving started`, or why not). */
  message: string;
  /** Unix time (seconds) of the last successful save, from LASTSAVE. */
  lastSave: number;
  /** A background save is running now (INFO persistence `rdb_bgsave_in_progress`). */
  inProgress: boolean;
  /** `ok` or `err`: how the last background save ended (`rdb_last_bgsave_status`). */
  lastStatus: string;
}

/** Options for {@link backgroundSave}. */
export interface BackgroundSaveOptions {
  /** Only report LASTSAVE and whether a save is running; start nothing (default false). */
  statusOnly?: boolean;
  /** BGSAVE SCHEDULE: when an AOF rewrite is running, save once it ends instead of failing. */
  schedule?: boolean;
}

/**
 * Starts a background save (BGSAVE) on every master, and reports each one's LASTSAVE and whether
 * a save is running, in one round trip per node. A node that is already saving reports
 * `started: false` with the server's message, rather than failing the call.
 * @throws RedisMcpError (`E_NO_PERMISSION`, `E_REDIS_UNAVAILABLE`, ...) naming the node when LASTSAVE or INFO fails.
 * @example for (const node of await backgroundSave(redis)) console.log(node.node, node.started, node.lastSave);
 */
export async function backgroundSave(client: RedisClient, options: BackgroundSaveOptions = {}): Promise<NodePersistence[]> {
  const start = options.statusOnly !== true;
  return perNode(diagnosticNodes(client, "backgroundSave"), async (node) => {
    const replies = await execOnNode(node, "backgroundSave", (pipeline) => {
      if (start) pipeline.call("BGSAVE", ...(options.schedule ? ["SCHEDULE"] : []));
      pipeline.call("LASTSAVE");
      pipeline.call("INFO", "persistence");
    });
    const offset = start ? 1 : 0;
    const failure = start ? replyErrorAt(replies, 0) : undefined;
    const info = parseInfo(replyText(replyAt(replies, offset + 1, "backgroundSave", node)));
    return {
      node: node.address,
      started: start && failure === undefined,
      message: !start ? "status only" : (failure ?? replyText(replies[0]?.[1])),
      lastSave: Number(replyAt(replies, offset, "backgroundSave", node)),
      inProgress: infoNumber(info, "persistence", "rdb_bgsave_in_progress") === 1,
      lastStatus: infoText(info, "persistence", "rdb_last_bgsave_status") ?? "unknown",
    };
  });
}
