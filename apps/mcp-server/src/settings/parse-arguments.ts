import { REDIS_COMMAND_LINE_FLAGS, REDIS_ENVIRONMENT_VARIABLES, type RedisConfigInput } from "@redis-mcp/core";
import { Command, Option } from "commander";
import { VERSION } from "../version.js";
import { APPLICATION_OPTIONS } from "./application-settings.js";

/** Boolean options: commander treats any set env value (even "false") as true, so we read them. */
const BOOLEAN_OPTIONS = [
  { flag: "--http", key: "http", env: "REDIS_MCP_HTTP", description: "serve Streamable HTTP instead of stdio" },
  { flag: "--read-only", key: "readOnly", env: "REDIS_MCP_READ_ONLY", description: "same as --tier read" },
  {
    flag: "--dynamic-toolsets",
    key: "dynamicToolsets",
    env: "REDIS_MCP_DYNAMIC_TOOLSETS",
    description: "start with keys only; agents add the other toolsets with enable_toolset",
  },
  { flag: "--insecure", key: "insecure", env: "REDIS_MCP_INSECURE", description: "allow a non-loopback --host without auth tokens" },
  { flag: "--no-embedded", key: "embedded", env: "REDIS_MCP_NO_EMBEDDED", description: "never start a private redis-server when no Redis is configured" },
  { flag: "--print-config", key: "printConfig", env: undefined, description: "print the effective configuration (secrets masked) and exit" },
] as const;

/** Valued server options with their environment variables (commander reads these itself). */
const VALUE_OPTIONS = [
  { flags: "--tier <tier>", env: "REDIS_MCP_TIER", description: "read | write | destructive | admin", fallback: "write" },
  { flags: "--key-prefix <prefix>", env: "REDIS_MCP_KEY_PREFIX", description: "confine every key to this prefix (agents see keys without it)" },
  {
    flags: "--toolsets <list>",
    env: "REDIS_MCP_TOOLSETS",
    description: "toolsets listed at start, or presets (default, explore, data, app, ops, all; raw only by name); enable_toolset adds others",
    fallback: "default",
  },
  { flags: "--max-result-bytes <bytes>", env: "REDIS_MCP_MAX_RESULT_BYTES", description: "budget per tool result", fallback: "65536" },
  { flags: "--request-timeout-ms <ms>", env: "REDIS_MCP_REQUEST_TIMEOUT_MS", description: "stop a tool call after this long", fallback: "30000" },
  {
    flags: "--max-subscriptions <n>",
    env: "REDIS_MCP_MAX_SUBSCRIPTIONS",
    description: "resource subscriptions one MCP session may hold (each watches a key on every master)",
    fallback: "100",
  },
  { flags: "--audit-log <file>", env: "REDIS_MCP_AUDIT_LOG", description: "audit log of write/destructive/admin calls: a file, or stderr", fallback: "stderr" },
  { flags: "--data-dir <dir>", env: "REDIS_MCP_DATA_DIR", description: "data directory of the embedded default Redis" },
  {
    flags: "--default-redis <host:port>",
    env: "REDIS_MCP_DEFAULT_REDIS",
    description: "where to look for a Redis when none is configured",
    fallback: "127.0.0.1:6379",
  },
  { flags: "--port <port>", env: "REDIS_MCP_PORT", description: "HTTP port", fallback: "3000" },
  { flags: "--host <address>", env: "REDIS_MCP_HOST", description: "HTTP address to bind", fallback: "127.0.0.1" },
  {
    flags: "--auth-tokens-file <file>",
    env: "REDIS_MCP_AUTH_TOKENS_FILE",
    description: 'JSON list of HTTP tokens: [{"name","token","tier","redisUsername","redisPassword"}]',
  },
  { flags: "--allowed-hosts <list>", env: "REDIS_MCP_ALLOWED_HOSTS", description: "extra Host header values accepted over HTTP" },
  { flags: "--allowed-origins <list>", env: "REDIS_MCP_ALLOWED_ORIGINS", description: "Origin header values accepted over HTTP" },
  {
    flags: "--max-concurrent-requests <n>",
    env: "REDIS_MCP_MAX_CONCURRENT_REQUESTS",
    description: "HTTP requests served at once, open event streams included; more get 503",
    fallback: "64",
  },
  {
    flags: "--max-concurrent-requests-per-token <n>",
    env: "REDIS_MCP_MAX_CONCURRENT_REQUESTS_PER_TOKEN",
    description: "HTTP requests one token may have in progress (streams included); more get 429",
    fallback: "16",
  },
  {
    flags: "--max-sessions-per-token <n>",
    env: "REDIS_MCP_MAX_SESSIONS_PER_TOKEN",
    description: "open MCP sessions per token; more get 429",
    fallback: "16",
  },
  {
    flags: "--session-idle-timeout-ms <ms>",
    env: "REDIS_MCP_SESSION_IDLE_TIMEOUT_MS",
    description: "close an HTTP session after this long without a request",
    fallback: "1800000",
  },
  ...APPLICATION_OPTIONS,
] as const;

/** Redis connection flags, shared with the `redis-mcp` CLI: core reads the environment variables itself (shown for reference). */
const REDIS_FLAGS = REDIS_COMMAND_LINE_FLAGS;

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off|)$/i;

/** What the command line and environment asked for, before validation. */
export interface ParsedArguments {
  server: Record<string, string | boolean | undefined>;
  redisFlags: RedisConfigInput;
  redisFlagNames: Record<string, string>;
  configFile: string | undefined;
  printConfig: boolean;
}

function camel(flag: string): string {
  return flag
    .replace(/^--/, "")
    .split(" ")[0]
    ?.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()) as string;
}

function setField(target: Record<string, unknown>, field: string, value: unknown): void {
  const parts = field.split(".");
  let cursor = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof cursor[part] !== "object" || cursor[part] === null) cursor[part] = {};
    cursor = cursor[part] as Record<string, unknown>;
  }
  cursor[parts.at(-1) as string] = value;
}

/** The `redis-mcp-server` command line: every flag, with the environment variable that also sets it. */
export function createCommand(): Command {
  const command = new Command("redis-mcp-server")
    .description("An MCP server that lets AI agents use Redis safely (stdio by default, or Streamable HTTP).")
    .version(VERSION)
    .helpOption("-h, --help", "show this help")
    .option("--config <file>", "JSON config file with {redis: {...}} (env: REDIS_CONFIG_FILE)");
  for (const option of BOOLEAN_OPTIONS) command.addOption(new Option(option.flag, `${option.description}${option.env ? ` (env: ${option.env})` : ""}`));
  for (const option of VALUE_OPTIONS) {
    const described = new Option(option.flags, option.description).env(option.env);
    command.addOption("fallback" in option ? described.default(option.fallback) : described);
  }
  for (const option of REDIS_FLAGS) {
    const variable = REDIS_ENVIRONMENT_VARIABLES.find((candidate) => candidate.field === option.field);
    command.addOption(new Option(option.flags, `Redis ${variable?.description ?? option.field}${variable ? ` (env: ${variable.name})` : ""}`));
  }
  command.addHelpText(
    "after",
    `\nRedis password and other secrets come from the environment or the config file, never flags: REDIS_PASSWORD, REDIS_SENTINEL_PASSWORD, REDIS_MCP_AUTH_TOKEN (one HTTP token with the server's tier), REDIS_MCP_SESSION_SECRET (the application's session secret, for the session tools).\nAll Redis environment variables:\n${REDIS_ENVIRONMENT_VARIABLES.map((variable) => `  ${variable.name.padEnd(30)} ${variable.description}`).join("\n")}\n`,
  );
  return command;
}

/**
 * Parses argv and the environment. Boolean environment variables take true/false, 1/0, yes/no.
 * @throws Error for an unparseable boolean environment variable.
 */
export function parseArguments(argv: readonly string[], environment: Record<string, string | undefined>): ParsedArguments {
  const command = createCommand();
  command.parse(argv as string[], { from: "user" });
  const options = command.opts<Record<string, string | boolean | undefined>>();
  const server: Record<string, string | boolean | undefined> = {};
  for (const option of VALUE_OPTIONS) server[camel(option.flags)] = options[camel(option.flags)];
  for (const option of BOOLEAN_OPTIONS) {
    const fromFlag = command.getOptionValueSource(option.key) === "cli";
    const fromEnvironment = option.env ? environment[option.env] : undefined;
    let value = options[option.key] as boolean | undefined;
    if (!fromFlag && fromEnvironment !== undefined) {
      if (!TRUE.test(fromEnvironment) && !FALSE.test(fromEnvironment)) {
        throw new Error(`${option.env}=${JSON.stringify(fromEnvironment)} is not true or false. Set it to true or false.`);
      }
      // REDIS_MCP_NO_EMBEDDED=true means embedded = false.
      const truth = TRUE.test(fromEnvironment);
      value = option.key === "embedded" ? !truth : truth;
    }
    server[option.key] = value;
  }
  const redisFlags: Record<string, unknown> = {};
  const redisFlagNames: Record<string, string> = {};
  for (const option of REDIS_FLAGS) {
    const value = options[camel(option.flags)];
    if (value === undefined) continue;
    setField(redisFlags, option.field, value);
    redisFlagNames[option.field] = option.flags.split(" ")[0] as string;
  }
  return {
    server,
    redisFlags: redisFlags as RedisConfigInput,
    redisFlagNames,
    configFile: (options.config as string | undefined) ?? environment.REDIS_CONFIG_FILE,
    printConfig: options.printConfig === true,
  };
}
