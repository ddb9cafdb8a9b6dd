import type { z } from "zod";
import { configFromFile } from "./config-file.js";
import { type ConfigProblem, configErrorFor } from "./config-problem.js";
import { configFromEnvironment } from "./environment.js";
import { type RedisConfigInput, redisConfigInputSchema } from "./input-schema.js";
import { type ConfigLayer, labelIn, mergeLayers } from "./layers.js";
import { normalizeConfig } from "./normalize.js";
import { describeTarget, type RedisConfig } from "./redis-config.js";

/** Where {@link loadRedisConfig} reads from; each source is optional. */
export interface LoadRedisConfigOptions {
  /** Settings given in code; the highest precedence. */
  options?: RedisConfigInput;
  /** Parsed command-line flags (same shape as options). */
  flags?: RedisConfigInput;
  /** Flag name per field, for messages, e.g. `{ port: "--redis-port" }`. */
  flagNames?: Record<string, string>;
  /** Environment variables (default `process.env`); `false` ignores the environment. */
  env?: Record<string, string | undefined> | false;
  /** JSON config file (default `REDIS_CONFIG_FILE` from the environment); `false` for none. */
  file?: string | false;
}

const configs = new WeakSet<object>();

/** True for a configuration produced by {@link loadRedisConfig} or {@link resolveRedisConfig}. */
export function isRedisConfig(value: unknown): value is RedisConfig {
  return typeof value === "object" && value !== null && configs.has(value);
}

function valueAt(root: Record<string, unknown>, field: string): unknown {
  let cursor: unknown = root;
  for (const part of field.split(".")) {
    if (typeof cursor !== "object" || cursor === null) return undefined;
    cursor = (cursor as Record<string, unknown>)[part];
  }
  return cursor;
}

type Issue = z.core.$ZodIssue;

/**
 * For a union (`tls: true | {...}`), the branch that got furthest explains the mistake best:
 * report its deepest issues instead of a bare "invalid input".
 */
function mostSpecific(issue: Issue): Issue[] {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return [issue];
  const branches = issue.errors.map((branch) => branch.flatMap(mostSpecific));
  const depth = (branch: Issue[]) => Math.max(...branch.map((candidate) => candidate.path.length));
  const best = branches.reduce((deepest, branch) => (depth(branch) > depth(deepest) ? branch : deepest));
  if (depth(best) === 0) {
    // Same depth everywhere: a branch with our own wording ("expected true or false") says it best.
    const custom = branches.find((branch) => branch.some((candidate) => candidate.code === "custom"));
    return custom ? custom.map((candidate) => ({ ...candidate, path: [...issue.path, ...candidate.path] }) as Issue) : [issue];
  }
  return best.map((candidate) => ({ ...candidate, path: [...issue.path, ...candidate.path] }) as Issue);
}

function validate(layers: ConfigLayer[]): RedisConfig {
  const { merged, sources, problems } = mergeLayers(layers);
  const sourceOf = (field: string) => labelIn(sources, field);
  const parsed = redisConfigInputSchema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.flatMap(mostSpecific)) {
      const parent = issue.path.map(String).join(".");
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          const field = parent ? `${parent}.${key}` : key;
          problems.push({
            field,
            value: valueAt(merged, field),
            source: sourceOf(field),
            problem: "is not a known setting (check the spelling; see the configuration table in the @redis-mcp/core README)",
          });
        }
      } else {
        problems.push({ field: parent, value: valueAt(merged, parent), source: sourceOf(parent), problem: issue.message.replace(/^Invalid input: /, "") });
      }
    }
  }
  if (problems.length > 0 || !parsed.success) throw configErrorFor(problems);
  const normalized = normalizeConfig(parsed.data, sourceOf);
  if (!normalized.config) throw configErrorFor(normalized.problems as ConfigProblem[]);
  const config = normalized.config;
  // A readable, secret-free rendering when the config ends up in a log line or template string.
  Object.defineProperty(config, "toString", { value: () => `RedisConfig(${describeTarget(config)})`, enumerable: false });
  configs.add(config);
  return config;
}

/**
 * Builds the Redis configuration from every source, highest precedence first: `options`,
 * command-line `flags`, environment (`REDIS_URL`, `REDIS_HOST`, ...), JSON config file
 * (`{"redis": {...}}`, the seed's shape), defaults. Secrets are {@link Secret}s: masked in
 * messages, `String()`, JSON and `util.inspect`.
 * @throws ConfigError (`E_CONFIG_INVALID`) listing every bad field with its (masked) value, where it came from, and the fix.
 * @example const config = loadRedisConfig({ flags: { port: 6380 } }); // + REDIS_* env + REDIS_CONFIG_FILE
 */
export function loadRedisConfig(options: LoadRedisConfigOptions = {}): RedisConfig {
  const environment = options.env === false ? {} : (options.env ?? process.env);
  const layers: ConfigLayer[] = [];
  const file = options.file === false ? undefined : (options.file ?? environment.REDIS_CONFIG_FILE);
  if (file) {
    const fromFile = configFromFile(file);
    layers.push({ ...fromFile, label: `config file ${file}` });
  }
  const fromEnvironment = configFromEnvironment(environment);
  layers.push({ ...fromEnvironment, label: "environment" });
  if (options.flags) {
    const names = new Map(Object.entries(options.flags ? (options.flagNames ?? {}) : {}).map(([field, flag]) => [field, `flag ${flag}`]));
    layers.push({ values: { ...(options.flags as Record<string, unknown>) }, sources: names, label: "command-line flags" });
  }
  if (options.options) {
    layers.push({ values: { ...(options.options as Record<string, unknown>) }, sources: new Map(), label: "options" });
  }
  return validate(layers);
}

/**
 * A configuration from one value: a {@link RedisConfig} (returned as is), a URL, or settings in
 * code. Does not read the environment or files; use {@link loadRedisConfig} for that.
 * @throws ConfigError (`E_CONFIG_INVALID`) naming every bad field and the fix.
 */
export function resolveRedisConfig(input: RedisConfig | RedisConfigInput | string): RedisConfig {
  if (isRedisConfig(input)) return input;
  const values = typeof input === "string" ? { url: input } : { ...(input as Record<string, unknown>) };
  return validate([{ values, sources: new Map(), label: "options" }]);
}
