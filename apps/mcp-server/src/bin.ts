#!/usr/bin/env node
import { RedisMcpError } from "@redis-mcp/core";
import { type RunningServer, redisSources, startServer } from "./app.js";
import type { EmbeddedRedis } from "./redis/embedded-redis.js";
import { RedisConnections } from "./redis/redis-connections.js";
import { commandLineWarnings } from "./settings/command-line-warnings.js";
import { parseArguments } from "./settings/parse-arguments.js";
import { resolveSettings } from "./settings/resolve-settings.js";
import { ALL_TOOLS } from "./toolsets/all-tools.js";

// stdout is the MCP channel in stdio mode: everything for people goes to stderr.
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const environment = process.env;
  const parsed = parseArguments(process.argv.slice(2), environment);
  for (const warning of commandLineWarnings(parsed)) log(warning);
  const settings = resolveSettings(parsed, environment);
  let embedded: EmbeddedRedis | undefined;
  let running: RunningServer | undefined;
  let closing = false;
  const shutdown = (code: number) => {
    if (closing) return;
    closing = true;
    // Exit promptly: disconnect without QUIT, SIGTERM the embedded Redis (it flushes its AOF on its own).
    void Promise.allSettled([running?.close({ fast: true }), embedded?.stop()]).finally(() => process.exit(code));
    setTimeout(() => process.exit(code), 80).unref();
  };
  process.once("SIGINT", () => shutdown(0));
  process.once("SIGTERM", () => shutdown(0));

  const resolved = await redisSources(parsed, settings, environment, log);
  embedded = resolved.embedded;
  const connections = new RedisConnections(resolved.sources, settings.keyPrefix);
  if (parsed.printConfig) {
    const printable = { redis: connections.configFor(), server: settings };
    process.stdout.write(`${JSON.stringify(printable, null, 2)}\n`);
    await embedded?.stop({ wait: true });
    return;
  }
  running = await startServer(settings, connections, ALL_TOOLS, log);
  if (settings.transport === "stdio") {
    if (process.stdin.isTTY) log("redis-mcp-server speaks MCP on stdin/stdout: launch it from an MCP client (see the README), or use --http.");
    process.stdin.once("end", () => shutdown(0));
    process.stdin.once("close", () => shutdown(0));
  }
}

main().catch((error: unknown) => {
  const message = RedisMcpError.isInstance(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  log(`redis-mcp-server: ${message}`);
  process.exit(1);
});
