import { setField } from "./environment.js";
import type { RedisConfigInput } from "./input-schema.js";

/** One Redis connection flag of the apps' command lines; its value sets `field` of the configuration. */
export interface RedisCommandLineFlag {
  /** commander syntax, e.g. `--redis-port <port>`. */
  flags: string;
  /** Dotted config field it sets, e.g. `tls.caFile` (the same field as its environment variable). */
  field: string;
}

/**
 * The Redis connection flags every redis-mcp command line takes, so `redis-mcp-server` and
 * `redis-mcp` spell them alike. Secrets (passwords) have no flag: they come from the environment
 * or the config file, never from a command line other users can read.
 */
export const REDIS_COMMAND_LINE_FLAGS: readonly RedisCommandLineFlag[] = [
  { flags: "--redis-url <url>", field: "url" },
  { flags: "--redis-host <host>", field: "host" },
  { flags: "--redis-port <port>", field: "port" },
  { flags: "--redis-socket <path>", field: "path" },
  { flags: "--redis-username <user>", field: "username" },
  { flags: "--redis-db <n>", field: "db" },
  { flags: "--redis-tls-ca-file <file>", field: "tls.caFile" },
  { flags: "--redis-tls-cert-file <file>", field: "tls.certFile" },
  { flags: "--redis-tls-key-file <file>", field: "tls.keyFile" },
  { flags: "--redis-tls-servername <name>", field: "tls.servername" },
  { flags: "--redis-cluster-nodes <list>", field: "cluster.nodes" },
  { flags: "--redis-sentinels <list>", field: "sentinel.sentinels" },
  { flags: "--redis-sentinel-name <name>", field: "sentinel.name" },
  { flags: "--redis-connect-timeout-ms <ms>", field: "connectTimeoutMs" },
  { flags: "--redis-command-timeout-ms <ms>", field: "commandTimeoutMs" },
  { flags: "--redis-client-name <name>", field: "clientName" },
];

/** `--redis-tls-ca-file <file>` → `redisTlsCaFile`, the name commander stores the value under. */
function attributeName(flags: string): string {
  const long = flags.split(" ")[0] ?? "";
  return long.replace(/^--/, "").replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Turns parsed command-line values (commander's `opts()`, keyed by attribute name) into the
 * `flags` and `flagNames` that {@link loadRedisConfig} takes, so configuration errors name the flag.
 * @example loadRedisConfig(redisFlagValues(command.opts()))
 */
export function redisFlagValues(values: Record<string, unknown>): { flags: RedisConfigInput; flagNames: Record<string, string> } {
  const flags: Record<string, unknown> = {};
  const flagNames: Record<string, string> = {};
  for (const flag of REDIS_COMMAND_LINE_FLAGS) {
    const value = values[attributeName(flag.flags)];
    if (value === undefined) continue;
    setField(flags, flag.field, value);
    flagNames[flag.field] = flag.flags.split(" ")[0] as string;
  }
  return { flags: flags as RedisConfigInput, flagNames };
}
