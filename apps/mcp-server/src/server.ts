import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Redis } from "ioredis";
import { z } from "zod";
import { VERSION } from "./version.js";

/**
 * Builds the MCP server over one Redis connection. It starts with a single tool; the toolsets of
 * MCP-SERVER.md are added on this foundation.
 */
export function createMcpServer(redis: Redis): McpServer {
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
      const started = performance.now();
      try {
        const reply = await redis.ping();
        const latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
        return { content: [{ type: "text", text: `${reply} in ${latencyMs} ms` }], structuredContent: { reply, latencyMs } };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { isError: true, content: [{ type: "text", text: `Redis did not answer: ${message}. Check that it runs and REDIS_URL points at it.` }] };
      }
    },
  );
  return server;
}
