import { Command } from "commander";
import { Redis } from "ioredis";
import { VERSION } from "./version.js";

/** Builds the `redis-mcp` command line; `output` receives what the commands print. */
export function createProgram(output: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Command {
  const program = new Command("redis-mcp").description("Operate Redis: health, keyspace and diagnostics.").version(VERSION);
  program
    .command("ping")
    .description("Check that Redis answers and print the round-trip time.")
    .option("--url <url>", "Redis URL (env REDIS_URL)", process.env.REDIS_URL ?? "redis://127.0.0.1:6379")
    .action(async (options: { url: string }) => {
      const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
      redis.on("error", () => {});
      try {
        await redis.connect();
        const started = performance.now();
        const reply = await redis.ping();
        output(`${reply} ${(performance.now() - started).toFixed(3)} ms`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`Redis did not answer (${message}). Check that it runs and --url or REDIS_URL points at it.`);
      } finally {
        redis.disconnect();
      }
    });
  return program;
}
