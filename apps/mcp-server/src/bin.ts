#!/usr/bin/env node
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { Redis } from "ioredis";
import { createMcpServer } from "./server.js";
import { VERSION } from "./version.js";

const HELP = `redis-mcp-server ${VERSION}: an MCP server for Redis (stdio).

Usage: redis-mcp-server [--help] [--version]

Environment:
  REDIS_URL   Redis to use (default redis://127.0.0.1:6379)
`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(HELP);
} else if (args.includes("--version")) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  // Connection errors are reported per tool call; keep them off stdout (the MCP channel).
  redis.on("error", () => {});
  const server = createMcpServer(redis);
  const transport = new StdioServerTransport();
  transport.onclose = () => {
    redis.disconnect();
  };
  process.stdin.once("end", () => {
    void server.close().finally(() => process.exit(0));
  });
  if (process.stdin.isTTY) process.stderr.write("redis-mcp-server speaks MCP on stdin/stdout; launch it from an MCP client (see README).\n");
  await server.connect(transport);
}
