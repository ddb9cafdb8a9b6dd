import { Option } from "commander";
import { integerFrom, parseDuration } from "../cli/parse-values.js";
import type { CommandGroup } from "./command-group.js";

const KEY_TYPES = ["string", "list", "set", "zset", "hash", "stream"] as const;

/** `keys`, `inspect`, `get`, `set`, `del`, `memory`, `keyspace`: what is stored, and how big it is. */
export const keyCommands: CommandGroup = (program, runtime) => {
  const load = () => import("../actions/keys.js");
  program
    .command("keys")
    .description("list key names matching a pattern (SCAN on every master, never KEYS), sorted")
    .argument("[pattern]", "glob pattern, e.g. 'user:*'", "*")
    .addOption(new Option("--type <type>", "only keys of this type").choices(KEY_TYPES))
    .option("--limit <n>", "stop after this many keys", integerFrom(1), 1000)
    .action(async (pattern: string, options: { type?: string; limit: number }, command) => (await load()).keys({ runtime, command }, pattern, options));
  program
    .command("inspect")
    .description("type, TTL, encoding, length and memory of one key, without reading its value")
    .argument("<key>")
    .action(async (key: string, _options, command) => (await load()).inspect({ runtime, command }, key));
  program
    .command("get")
    .description("read a key of any type: a string's value, or the first items of a hash, list, set, sorted set or stream")
    .argument("<key>")
    .option("--limit <n>", "items to show of a collection", integerFrom(1, 10_000), 100)
    .action(async (key: string, options: { limit: number }, command) => (await load()).get({ runtime, command }, key, options));
  program
    .command("set")
    .description("set a string value, optionally with a TTL or only if the key is absent (--nx) or present (--xx)")
    .argument("<key>")
    .argument("<value>")
    .option("--ttl <duration>", "expire after 30s, 5m, 2h, 1d, 500ms, or a number of seconds", parseDuration)
    .addOption(new Option("--nx", "only if the key does not exist (exit 1 when it does)").conflicts("xx"))
    .addOption(new Option("--xx", "only if the key exists (exit 1 when it does not)"))
    .action(async (key: string, value: string, options: { ttl?: number; nx?: boolean; xx?: boolean }, command) =>
      (await load()).set({ runtime, command }, key, value, options),
    );
  program
    .command("del")
    .description("delete keys by name, or by --pattern (shows a dry run; deletes only with --yes)")
    .argument("[keys...]", "key names")
    .option("--pattern <glob>", "delete every key matching this pattern (SCAN + UNLINK in batches, every master)")
    .addOption(new Option("--type <type>", "with --pattern: only keys of this type").choices(KEY_TYPES))
    .option("--yes", "with --pattern: really delete (without it, only the dry run is shown and the exit code is 1)")
    .option("--dry-run", "with --pattern: only show what would be deleted (exit code 0)")
    .option("--allow-all", "with --pattern '*': allow deleting every key of the database")
    .action(async (keys: string[], options: DeleteFlags, command) => (await load()).del({ runtime, command }, keys, options));
  program
    .command("memory")
    .description("memory of the keys matching a pattern, per namespace: counts every match, measures a sample")
    .option("--pattern <glob>", "keys to measure, e.g. 'cache:*'", "*")
    .addOption(new Option("--type <type>", "only keys of this type").choices(KEY_TYPES))
    .option("--samples <n>", "keys measured with MEMORY USAGE", integerFrom(1, 100_000), 1000)
    .option("--top <n>", "namespaces listed", integerFrom(1, 1000), 20)
    .action(async (options: { pattern: string; type?: string; samples: number; top: number }, command) => (await load()).memory({ runtime, command }, options));
  program
    .command("keyspace")
    .description("what the keyspace holds: namespaces mined from a random sample, with counts, TTLs and memory")
    .option("--samples <n>", "keys drawn at random", integerFrom(1, 100_000), 1000)
    .option("--top <n>", "namespaces listed", integerFrom(1, 1000), 20)
    .action(async (options: { samples: number; top: number }, command) => (await load()).keyspace({ runtime, command }, options));
};

/** Flags of `redis-mcp del`. */
export interface DeleteFlags {
  pattern?: string;
  type?: string;
  yes?: boolean;
  dryRun?: boolean;
  allowAll?: boolean;
}
