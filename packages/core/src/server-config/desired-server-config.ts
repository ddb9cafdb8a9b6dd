import { InvalidArgumentError } from "../errors/errors.js";

/** Server parameters to compare with CONFIG GET and apply with CONFIG SET, read from a file. */
export interface DesiredServerConfig {
  /** Parameter name (lower case, as CONFIG GET names it) → value in redis.conf syntax. */
  parameters: Record<string, string>;
  /** Settings of the file that CONFIG SET cannot apply, with the reason. */
  ignored: { name: string; reason: string }[];
}

/** The seed's `performanceConfig` / `persistenceConfig` names → Redis parameters (null: no server equivalent). */
const SEED_NAMES: Record<string, string | null> = {
  maxMemoryPolicy: "maxmemory-policy",
  maxMemory: "maxmemory",
  keyspaceNotifications: "notify-keyspace-events",
  timeout: "timeout",
  tcpKeepAlive: "tcp-keepalive",
  tcpUserTimeout: null,
  save: "save",
  stopWritesOnBgsaveError: "stop-writes-on-bgsave-error",
  rdbCompression: "rdbcompression",
  rdbChecksum: "rdbchecksum",
  appendOnly: "appendonly",
  appendFsync: "appendfsync",
  noAppendFsyncOnRewrite: "no-appendfsync-on-rewrite",
  autoAofRewritePercentage: "auto-aof-rewrite-percentage",
  autoAofRewriteMinSize: "auto-aof-rewrite-min-size",
};

/** redis.conf directives that load code, include files or define users: never applied at runtime. */
const STARTUP_ONLY: Record<string, string> = {
  include: "includes another file; apply that file instead",
  loadmodule: "modules load at start-up (or with MODULE LOAD), not with CONFIG SET",
  "rename-command": "commands can only be renamed at start-up",
  user: "ACL users are managed with ACL SETUSER or the ACL file, not CONFIG SET",
};

/** Directives that may appear on several lines and add up (CONFIG GET shows them joined). */
const CUMULATIVE = new Set(["save", "client-output-buffer-limit"]);

const PARAMETER_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Splits a redis.conf line into arguments, honouring "double" (with \ escapes) and 'single' quotes, as Redis does. */
export function splitConfigLine(line: string, lineNumber: number): string[] {
  const args: string[] = [];
  let index = 0;
  while (index < line.length) {
    while (index < line.length && /\s/.test(line[index] as string)) index++;
    if (index >= line.length) break;
    const quote = line[index];
    let argument = "";
    if (quote === '"' || quote === "'") {
      index++;
      let closed = false;
      while (index < line.length) {
        const character = line[index] as string;
        if (quote === '"' && character === "\\" && index + 1 < line.length) {
          const next = line[index + 1] as string;
          argument += ({ n: "\n", r: "\r", t: "\t", b: "\b", a: "\x07" } as Record<string, string>)[next] ?? next;
          index += 2;
        } else if (quote === "'" && character === "\\" && line[index + 1] === "'") {
          argument += "'";
          index += 2;
        } else if (character === quote) {
          closed = true;
          index++;
          break;
        } else {
          argument += character;
          index++;
        }
      }
      if (!closed || (index < line.length && !/\s/.test(line[index] as string))) {
        throw new InvalidArgumentError(`redis.conf line ${lineNumber}: unbalanced quotes in ${JSON.stringify(line.trim())}. Close the quote.`);
      }
    } else {
      while (index < line.length && !/\s/.test(line[index] as string)) argument += line[index++];
    }
    args.push(argument);
  }
  return args;
}

function addParameter(target: DesiredServerConfig, name: string, value: string, where: string): void {
  if (!PARAMETER_NAME.test(name)) {
    throw new InvalidArgumentError(
      `${where}: ${JSON.stringify(name)} is not a Redis parameter name (lower-case words joined by "-", e.g. "maxmemory-policy").`,
    );
  }
  const reason = STARTUP_ONLY[name];
  if (reason) {
    target.ignored.push({ name, reason });
    return;
  }
  const previous = target.parameters[name];
  target.parameters[name] = CUMULATIVE.has(name) && previous !== undefined && previous !== "" && value !== "" ? `${previous} ${value}` : value;
}

/** Parses redis.conf syntax: `name value ...` per line, `#` comments, repeated `save` lines adding up. */
function parseRedisConf(text: string): DesiredServerConfig {
  const result: DesiredServerConfig = { parameters: {}, ignored: [] };
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const [name = "", ...values] = splitConfigLine(trimmed, index + 1);
    if (values.length === 0) {
      throw new InvalidArgumentError(
        `redis.conf line ${index + 1}: ${JSON.stringify(name)} has no value. Write "${name} <value>" (use "" for an empty value).`,
      );
    }
    addParameter(result, name.toLowerCase(), values.join(" "), `redis.conf line ${index + 1}`);
  });
  return result;
}

/** A JSON value as redis.conf text: booleans as yes/no, lists (the seed's `save`) joined by spaces. */
function jsonValue(value: unknown, where: string): string {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((item) => typeof item === "string" || typeof item === "number")) return value.join(" ");
  throw new InvalidArgumentError(`${where}: expected a string, number, true/false or a list of strings; got ${JSON.stringify(value)}.`);
}

/** `stopWritesOnBgsaveError` → `stop-writes-on-bgsave-error`, for seed-style names missing from the table. */
function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function addSeedSection(result: DesiredServerConfig, section: unknown, label: string): void {
  if (section === undefined) return;
  if (!isRecord(section)) throw new InvalidArgumentError(`${label} must be an object of settings, got ${JSON.stringify(section)}.`);
  for (const [name, value] of Object.entries(section)) {
    const parameter = name in SEED_NAMES ? SEED_NAMES[name] : kebabCase(name);
    if (parameter === null || parameter === undefined) {
      result.ignored.push({ name, reason: "a client-side socket option, not a Redis server setting" });
      continue;
    }
    addParameter(result, parameter, jsonValue(value, `${label}.${name}`), label);
  }
}

/** Parses JSON: the seed's `{"redis": {performanceConfig, persistenceConfig}}` (or those at the top level), or `{"parameter": value}`. */
function parseJson(text: string): DesiredServerConfig {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`The config file is not valid JSON (${(error as Error).message}). Fix the syntax, or write it in redis.conf syntax.`, {
      cause: error,
    });
  }
  if (!isRecord(document)) throw new InvalidArgumentError('The JSON config file must hold an object, e.g. {"maxmemory": "2gb"}.');
  const result: DesiredServerConfig = { parameters: {}, ignored: [] };
  const root = isRecord(document.redis) ? document.redis : document;
  const seedShaped = root !== document || "performanceConfig" in root || "persistenceConfig" in root || isRecord(root.server);
  if (!seedShaped) {
    for (const [name, value] of Object.entries(root)) addParameter(result, name.toLowerCase(), jsonValue(value, name), "JSON config");
    return result;
  }
  addSeedSection(result, root.performanceConfig, "performanceConfig");
  addSeedSection(result, root.persistenceConfig, "persistenceConfig");
  if (isRecord(root.server)) {
    addSeedSection(result, root.server.performance, "server.performance");
    addSeedSection(result, root.server.persistence, "server.persistence");
  }
  // The rest of a seed-shaped file is how to connect (host, password, ...), not server settings.
  for (const name of Object.keys(root)) {
    if (!["performanceConfig", "persistenceConfig", "server"].includes(name))
      result.ignored.push({ name, reason: "a connection setting, not a server parameter" });
  }
  return result;
}

/**
 * Reads the server settings a file asks for, to compare with or apply to a running server. Two
 * formats: JSON (text starting with `{`): either `{"maxmemory": "2gb", "appendonly": true, "save":
 * ["900 1", "300 10"]}` with Redis parameter names, or the seed's `{"redis": {"performanceConfig":
 * {...}, "persistenceConfig": {...}}}` with its camelCase names; anything else is redis.conf syntax
 * (`maxmemory 2gb`, repeated `save` lines add up, `save ""` turns snapshots off). Booleans become
 * yes/no. Directives CONFIG SET cannot apply (`include`, `loadmodule`, `rename-command`, `user`,
 * the seed's `tcpUserTimeout`) are listed in `ignored`. Pure: nothing is sent.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) naming the line or field that cannot be read.
 * @example const desired = parseServerConfig("maxmemory 2gb\nmaxmemory-policy allkeys-lru\n");
 */
export function parseServerConfig(text: string): DesiredServerConfig {
  if (typeof text !== "string") throw new InvalidArgumentError(`parseServerConfig: text must be a string, got ${typeof text}.`);
  const result = text.trimStart().startsWith("{") ? parseJson(text) : parseRedisConf(text);
  if (Object.keys(result.parameters).length === 0) {
    throw new InvalidArgumentError(
      'The config file sets no parameter CONFIG SET can apply. Write lines like `maxmemory 2gb` (redis.conf) or {"maxmemory": "2gb"} (JSON).',
    );
  }
  return result;
}
