import { Option } from "commander";
import { integerFrom, parseDuration } from "../cli/parse-values.js";
import type { CommandGroup } from "./command-group.js";

/** Options every `cache` command takes: which cache, as the application created it. */
export interface CacheFlags {
  namespace: string;
  buckets?: number;
}

function cacheOptions(command: import("commander").Command): import("commander").Command {
  return command
    .requiredOption("--namespace <name>", "the cache's namespace (createCache({ namespace }))")
    .option("--buckets <n>", "the cache's buckets option, when the application sets one (default: 64 on a cluster, 1 otherwise)", integerFrom(1, 16_384));
}

/** `cache get|set|del|stats|clear`: a @redis-mcp/core cache (createCache) as applications see it. */
export const cacheCommands: CommandGroup = (program, runtime) => {
  const load = () => import("../actions/cache.js");
  const cache = program
    .command("cache")
    .description("read, write and clear a redis-mcp cache namespace (keys <namespace>:{<namespace>:*}); other instances drop their in-process copies");
  cacheOptions(cache.command("get").description("the fresh value of a cache key (exit 1 when missing or expired)").argument("<key>")).action(
    async (key: string, options: CacheFlags, command) => (await load()).get({ runtime, command }, key, options),
  );
  cacheOptions(
    cache
      .command("set")
      .description("store a value in the cache")
      .argument("<key>")
      .argument("<value>", "the value: text, or JSON with --as json")
      .requiredOption("--ttl <duration>", "time to live: 30s, 5m, 2h, 1d, 500ms, or a number of seconds", parseDuration)
      .option("--tags <tags...>", "tags to invalidate the entry by")
      .addOption(new Option("--as <kind>", "how to read <value>").choices(["text", "json"]).default("text")),
  ).action(async (key: string, value: string, options: CacheFlags & { ttl: number; tags?: string[]; as: "text" | "json" }, command) =>
    (await load()).set({ runtime, command }, key, value, options),
  );
  cacheOptions(cache.command("del").description("delete cache keys (one round trip per node)").argument("<keys...>")).action(
    async (keys: string[], options: CacheFlags, command) => (await load()).del({ runtime, command }, keys, options),
  );
  cacheOptions(cache.command("stats").description("keys and memory of the namespace (SCAN on every master, MEMORY USAGE of a sample)")).action(
    async (options: CacheFlags, command) => (await load()).stats({ runtime, command }, options),
  );
  cacheOptions(
    cache
      .command("clear")
      .description("delete every entry of the namespace (shows the count; deletes only with --yes)")
      .option("--yes", "really clear (without it, only the count is shown and the exit code is 1)"),
  ).action(async (options: CacheFlags & { yes?: boolean }, command) => (await load()).clear({ runtime, command }, options));
};
