#!/usr/bin/env node
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { closeRedis, createRedis, loadRedisConfig, REDIS_ENVIRONMENT_VARIABLES, RedisMcpError } from "@redis-mcp/core";
import { createMcpServer } from "./server.js";
import { VERSION } from "./version.js";

const HELP = `redis-mcp-server ${VERSION}: an MCP server for Redis (stdio).

Usage: redis-mcp-server [--help] [--version]

Environment:
${REDIS_ENVIRONMENT_VARIABLES.map((variable) => `  ${variable.name.padEnd(30)} ${variable.description}`).join("\n")}
`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(HELP);
    return;
  }
  if (args.includes("--version")) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const config = loadRedisConfig();
  // Do not wait for Redis: MCP clients expect `initialize` at once; tools report an outage.
  const redis = await createRedis(config, { waitUntilReady: false });
  const server = createMcpServer(redis);
  process.stdin.once("end", () => {
    void closeRedis(redis, { timeoutMs: 50 }).finally(() => process.exit(0));
  });
  if (process.stdin.isTTY) process.stderr.write("redis-mcp-server speaks MCP on stdin/stdout; launch it from an MCP client (see README).\n");
  await server.connect(new StdioServerTransport());
}

main().catch((error: unknown) => {
  // Never stdout: it is the MCP channel. Config errors are already secret-free.
  const message = RedisMcpError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
  process.stderr.write(`redis-mcp-server: ${message}\n`);
  process.exit(1);
});
