import type { RedisClient } from "../client/redis-client.js";
import { diagnosticNodes, execOnNode, type NodeSelection, perNode, replyAt } from "./node-pipeline.js";
import { camelCase, replyText, toScalar } from "./reply-values.js";

/**
 * One connection as CLIENT LIST describes it, with camelCase field names (`qbuf-free` →
 * `qbufFree`, `tot-mem` → `totMem`). Numeric fields are numbers; fields a newer server adds
 * appear too.
 */
export interface ClientConnection {
  id: number;
  /** `ip:port` of the client. */
  addr: string;
  /** `ip:port` of the server side. */
  laddr?: string;
  /** CLIENT SETNAME ("" when unnamed). */
  name: string;
  /** Seconds since the connection opened. */
  age: number;
  /** Seconds since its last command. */
  idle: number;
  /** Client flags, e.g. `N` (normal), `S` (replica), `M` (master), `P` (pub/sub), `b` (blocked). */
  flags: string;
  db: number;
  /** Last command, e.g. `client|list`. */
  cmd: string;
  /** Memory the connection uses, in bytes (Redis 6.2+). */
  totMem?: number;
  /** ACL user. */
  user?: string;
  [field: string]: string | number | undefined;
}

/** The connections of one server. */
export interface NodeClients {
  node: string;
  clients: ClientConnection[];
}

// Text fields that may look numeric (a client named "42") and must stay text.
const TEXT_FIELDS = new Set(["addr", "laddr", "name", "flags", "events", "cmd", "user", "libName", "libVer"]);

/** Parses CLIENT LIST text: one line per connection of `field=value` pairs separated by spaces. */
export function parseClientList(text: string): ClientConnection[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const client: Record<string, string | number> = {};
      // Names cannot contain spaces (CLIENT SETNAME refuses them), so spaces always separate fields.
      for (const pair of line.trim().split(" ")) {
        const separator = pair.indexOf("=");
        if (separator <= 0) continue;
        const field = camelCase(pair.slice(0, separator));
        const value = pair.slice(separator + 1);
        client[field] = TEXT_FIELDS.has(field) ? value : toScalar(value);
      }
      return client as ClientConnection;
    });
}

/**
 * CLIENT LIST of every master (and replicas with `includeReplicas`), parsed: one round trip per node.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_NO_PERMISSION`, ...) naming the node that failed.
 * @example
 * for (const { node, clients } of await clientList(redis)) console.log(node, clients.length, clients.filter((c) => c.flags.includes("b")).length);
 */
export async function clientList(client: RedisClient, options: NodeSelection = {}): Promise<NodeClients[]> {
  return perNode(diagnosticNodes(client, "clientList", options), async (node) => {
    const replies = await execOnNode(node, "clientList", (pipeline) => pipeline.call("CLIENT", "LIST"));
    return { node: node.address, clients: parseClientList(replyText(replyAt(replies, 0, "clientList", node))) };
  });
}
