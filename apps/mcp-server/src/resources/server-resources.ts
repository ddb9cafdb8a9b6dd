import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { McpSessionContext } from "../tools/mcp-session-context.js";
import { keyspaceSummary, serverInfo } from "../toolsets/diagnostics.js";
import { readThrough } from "./key-resources.js";

/**
 * The server as MCP resources, read through the diagnostics tools (so the key scope, budget and
 * timeout hold as for the tools):
 * - `redis://info`: parsed INFO per node (server_info; sections about every tenant are left out under a scope);
 * - `redis://keyspace`: the sampled namespace summary (keyspace_summary with its defaults).
 */
export function registerServerResources(server: McpServer, session: McpSessionContext): void {
  server.registerResource(
    "info",
    "redis://info",
    { title: "Server info", description: "Parsed INFO of every node (as server_info).", mimeType: "application/json" },
    (uri, extra) => readThrough(serverInfo, {}, uri, session, server, extra),
  );
  server.registerResource(
    "keyspace",
    "redis://keyspace",
    {
      title: "Keyspace summary",
      description: "Sampled namespaces with type, estimated count, TTL spread and memory (as keyspace_summary).",
      mimeType: "application/json",
    },
    (uri, extra) => readThrough(keyspaceSummary, {}, uri, session, server, extra),
  );
}
