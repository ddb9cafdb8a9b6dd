import { closeRedis, createRedis, health, loadRedisConfig, RedisMcpError } from "@redis-mcp/core";
import { Command } from "commander";
import { VERSION } from "./version.js";

/** Builds the `redis-mcp` command line; `output` receives what the commands print. */
export function createProgram(output: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Command {
  const program = new Command("redis-mcp").description("Operate Redis: health, keyspace and diagnostics.").version(VERSION);
  program
    .command("ping")
    .description("Check that Redis answers and print the round-trip time.")
    .option("--url <url>", "Redis URL (default: REDIS_URL, REDIS_HOST/REDIS_PORT..., then redis://127.0.0.1:6379)")
    .action(async (options: { url?: string }) => {
      const config = loadRedisConfig({ flags: options.url ? { url: options.url } : {}, flagNames: { url: "--url" } });
      let redis: Awaited<ReturnType<typeof createRedis>>;
      try {
        redis = await createRedis(config);
      } catch (error) {
        const reason = RedisMcpError.isInstance(error) ? error.message : String(error);
        throw new Error(`${reason} Point --url or REDIS_URL at the Redis to use.`);
      }
      try {
        const report = await health(redis);
        if (!report.ok) throw new Error(`${report.error?.message} Point --url or REDIS_URL at the Redis to use.`);
        output(`PONG ${(report.latencyMs ?? 0).toFixed(3)} ms`);
      } finally {
        await closeRedis(redis, { timeoutMs: 200 });
      }
    });
  return program;
}
