import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { health, type RedisClient } from "@redis-mcp/core";
import { z } from "zod";
import { VERSION } from "./version.js";

/**
 * Builds the MCP server over one Redis connection. It starts with a single tool; the toolsets of
 * MCP-SERVER.md are added on this foundation.
 */
export function createMcpServer(redis: RedisClient): McpServer {
  const server = new McpServer({ name: "redis-mcp", version: VERSION });
  server.registerTool(
    "redis_ping",
    {
      title: "Ping Redis",
      description: "Check that Redis answers; returns PONG and the round-trip time in milliseconds.",
      inputSchema: {},
      outputSchema: { reply: z.string(), latencyMs: z.number() },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async () => {
      const report = await health(redis);
      if (!report.ok) {
        return {
          isError: true,
          content: [
            { type: "text", text: `Redis did not answer (${report.error?.code}): ${report.error?.message} Check that it runs and REDIS_URL points at it.` },
          ],
        };
      }
      const latencyMs = report.latencyMs ?? 0;
      return { content: [{ type: "text", text: `PONG in ${latencyMs} ms` }], structuredContent: { reply: "PONG", latencyMs } };
    },
  );
  return server;
}
