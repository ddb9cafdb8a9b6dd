import { readFileSync } from "node:fs";
import { ConfigError, Secret } from "@redis-mcp/core";

/** Where the application toolsets (cache, session, metrics) find an application's data. */
export interface ApplicationSettings {
  /** The app's createCache namespace. */
  cacheNamespace: string;
  /** The app's createSessionStore prefix. */
  sessionPrefix: string;
  /** The app's session secret (REDIS_MCP_SESSION_SECRET or --session-secret-file); without it the session tools say how to set it. */
  sessionSecret: Secret | undefined;
  /** The app's createMetrics prefix. */
  metricsPrefix: string;
}

/** The valued flags of the application toolsets, in parse-arguments' shape (commander reads the env variables). */
export const APPLICATION_OPTIONS = [
  { flags: "--cache-namespace <namespace>", env: "REDIS_MCP_CACHE_NAMESPACE", description: "the application's createCache namespace", fallback: "cache" },
  { flags: "--session-prefix <prefix>", env: "REDIS_MCP_SESSION_PREFIX", description: "the application's session store prefix", fallback: "sess:" },
  {
    flags: "--session-secret-file <file>",
    env: "REDIS_MCP_SESSION_SECRET_FILE",
    description: "file holding the application's session secret (or set REDIS_MCP_SESSION_SECRET)",
  },
  { flags: "--metrics-prefix <prefix>", env: "REDIS_MCP_METRICS_PREFIX", description: "the application's createMetrics prefix", fallback: "metrics" },
] as const;

function braceless(flag: string, value: string): string {
  // Braces would change the packages' hash tags, so the tools would not find the app's keys.
  if (value === "" || /[{}]/.test(value))
    throw new ConfigError(`Invalid server setting: ${flag} = ${JSON.stringify(value)}: use a non-empty name without braces.`);
  return value;
}

/**
 * Resolves the application settings. The session secret comes from the environment or a file,
 * never a flag (the process list shows flags) and never a tool argument.
 * @throws ConfigError (`E_CONFIG_INVALID`) naming the setting and the fix.
 */
export function resolveApplicationSettings(
  options: Record<string, string | boolean | undefined>,
  environment: Record<string, string | undefined>,
): ApplicationSettings {
  const file = options.sessionSecretFile;
  let secret = environment.REDIS_MCP_SESSION_SECRET || undefined;
  if (typeof file === "string" && file !== "") {
    if (secret) throw new ConfigError("Invalid server setting: set REDIS_MCP_SESSION_SECRET or --session-secret-file, not both.");
    try {
      secret = readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (error) {
      throw new ConfigError(`Invalid server setting: --session-secret-file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
    }
    if (secret === "") throw new ConfigError(`Invalid server setting: --session-secret-file ${file} is empty.`);
  }
  return {
    cacheNamespace: braceless("--cache-namespace", String(options.cacheNamespace ?? "cache")),
    sessionPrefix: braceless("--session-prefix", String(options.sessionPrefix ?? "sess:")),
    sessionSecret: secret === undefined ? undefined : new Secret(secret),
    metricsPrefix: braceless("--metrics-prefix", String(options.metricsPrefix ?? "metrics")),
  };
}
