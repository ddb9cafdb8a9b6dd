import { keyPrefixOf, type RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError, UnsupportedError } from "../errors/errors.js";
import { withRedisErrors } from "../errors/map-redis-error.js";
import { type CommandKeySpec, commandKeySpec, indexesOfKeys, keyIndexes } from "./command-key-spec.js";
import { callWithKeyIndexes, type ModuleCommand, type ModuleCommandArgument, UNDER_DECLARED } from "./module-command.js";

/** The least access a command needs: `read` (no change), `write` (ordinary writes), `admin` (server administration, or what the server calls dangerous). */
export type RawCommandAccess = "read" | "write" | "admin";

/** What {@link planRawCommand} found out about one command line, before anything is sent. */
export interface RawCommandPlan {
  /** Lower-case name as the server knows it, `container|subcommand` for a subcommand. */
  name: string;
  access: RawCommandAccess;
  /** Argument indexes (0-based, after the name) that are keys: the key prefix applies to each. */
  keyIndexes: number[];
  /** COMMAND INFO flags and ACL categories the classification came from. */
  flags: string[];
  aclCategories: string[];
  /** A module command (COMMAND INFO flag `module`). */
  module: boolean;
}

/**
 * `@connection` commands that leave the connection as it was: the rest (AUTH, HELLO, SELECT,
 * CLIENT SETNAME/REPLY/TRACKING/NO-EVICT, READONLY, RESET, QUIT, WAIT...) would change or block a
 * connection that other calls share.
 */
const STATELESS_CONNECTION_COMMANDS = new Set([
  "ping",
  "echo",
  "command",
  "client|id",
  "client|info",
  "client|getname",
  "client|list",
  "client|kill",
  "client|pause",
  "client|unpause",
  "client|unblock",
  "client|getredir",
  "client|trackinginfo",
  "client|help",
]);

/** Commands that take over the connection (a stream of replies that never ends). */
const CONNECTION_TAKEOVER = new Set(["monitor", "sync", "psync", "replconf"]);

/** Commands without keys that see no data, so they are harmless under a key prefix. */
const KEYLESS_SAFE_UNDER_PREFIX = new Set(["ping", "echo", "time", "lolwut", "command", "cluster|keyslot", "acl|whoami"]);

/** Commands that reach keys the server cannot point at, or move them elsewhere. */
const UNSCOPABLE: ReadonlyMap<string, string> = new Map([
  ["keys", "it matches key names across the whole database; use a SCAN-based tool, which applies the prefix"],
  ["scan", "its MATCH pattern and replies span the whole database; use a SCAN-based tool, which applies the prefix"],
  ["randomkey", "it picks from the whole database"],
  ["migrate", "it moves keys to another server, outside this scope"],
  ["object|help", "it is not about a key"],
]);

function text(value: ModuleCommandArgument | unknown): string {
  return Buffer.isBuffer(value) ? value.toString("utf8") : String(value);
}

function refuse(command: string, why: string): UnsupportedError {
  return new UnsupportedError(`${command.toUpperCase()}: ${why}. Nothing was sent.`);
}

function refuseUnderPrefix(command: string, prefix: string, why: string): UnsupportedError {
  return new UnsupportedError(
    `${command.toUpperCase()}: ${why}, so it cannot be confined to the key scope "${prefix}". Nothing was sent. Use the typed tools, which apply the scope, or an unscoped server for it.`,
  );
}

function validate(command: readonly unknown[]): asserts command is ModuleCommand {
  if (!Array.isArray(command) || typeof command[0] !== "string" || command[0].trim() === "") {
    throw new InvalidArgumentError(`raw command: expected [name, ...arguments], e.g. ["GET", "user:1"], got ${JSON.stringify(command)?.slice(0, 100)}.`);
  }
  for (const argument of command.slice(1)) {
    if (typeof argument !== "string" && typeof argument !== "number" && !Buffer.isBuffer(argument)) {
      throw new InvalidArgumentError(`raw command ${command[0]}: arguments must be strings, numbers or Buffers.`);
    }
  }
}

/** The spec of the subcommand a container command line names, or a refusal when it names none the server knows. */
async function effectiveSpec(client: RedisClient, name: string, args: readonly ModuleCommandArgument[]): Promise<CommandKeySpec> {
  const spec = await commandKeySpec(client, name);
  if (!spec) throw refuse(name, "the server does not know this command (COMMAND INFO has no entry for it)");
  if (spec.subcommands.length === 0) return spec;
  const subcommand = args.length > 0 ? `${spec.name}|${text(args[0]).toLowerCase()}` : "";
  if (!spec.subcommands.includes(subcommand)) {
    throw refuse(name, `give one of its subcommands (${spec.subcommands.map((sub) => sub.split("|")[1]).join(", ")})`);
  }
  const sub = await commandKeySpec(client, subcommand);
  if (!sub) throw refuse(subcommand, "the server does not describe this subcommand");
  return sub;
}

/** The server's own arity check, before anything is sent (a cluster client cannot route a line without its key). */
function checkArity(spec: CommandKeySpec, length: number): void {
  const { arity } = spec;
  if (!Number.isFinite(arity) || arity === 0) return;
  if (arity > 0 ? length !== arity : length < -arity) {
    const expected = arity > 0 ? `exactly ${arity - 1}` : `at least ${-arity - 1}`;
    throw new InvalidArgumentError(
      `${spec.name.replace("|", " ").toUpperCase()}: wrong number of arguments (${length - 1} given, ${expected} expected, counting a subcommand). Nothing was sent.`,
    );
  }
}

function refusal(spec: CommandKeySpec): string | undefined {
  const { flags, aclCategories: categories, name } = spec;
  if (flags.has("blocking") || categories.has("@blocking"))
    return "it may block the connection; use the typed tool with a bounded wait (list_pop, stream_group_read)";
  if (flags.has("pubsub") || categories.has("@pubsub")) return "publish/subscribe is not a request/reply command; use the pubsub tools";
  if (categories.has("@transaction")) return "transactions span several calls on one connection; use the typed tools (each runs atomically)";
  if (CONNECTION_TAKEOVER.has(name)) return "it takes over the connection";
  const container = name.split("|")[0] as string;
  if (categories.has("@connection") && !STATELESS_CONNECTION_COMMANDS.has(name) && !STATELESS_CONNECTION_COMMANDS.has(container)) {
    return "it changes the state of a connection other calls share";
  }
  return undefined;
}

/**
 * The access a command needs, from the server's own flags and ACL categories: `admin` for what
 * the server marks admin or dangerous; `read` for commands flagged readonly, and for
 * non-module commands without a write flag outside the write, scripting and keyspace categories
 * (PING, TIME, COMMAND); `write` for everything else, scripts and unflagged module commands
 * included (the server cannot say they only read).
 */
export function accessOf(spec: Pick<CommandKeySpec, "flags" | "aclCategories">): RawCommandAccess {
  const { flags, aclCategories: categories } = spec;
  if (flags.has("admin") || categories.has("@admin") || categories.has("@dangerous")) return "admin";
  if (flags.has("write") || categories.has("@write")) return "write";
  if (flags.has("readonly")) return "read";
  if (flags.has("module") || categories.has("@scripting") || categories.has("@keyspace")) return "write";
  return "read";
}

async function keyPositions(client: RedisClient, spec: CommandKeySpec, command: ModuleCommand, prefix: string): Promise<number[]> {
  const [name, ...args] = command;
  if (!spec.flags.has("movablekeys")) return keyIndexes(spec, args);
  let reply: unknown;
  try {
    reply = await withRedisErrors(`COMMAND GETKEYS ${name}`, () => client.call("COMMAND", "GETKEYS", name, ...args));
  } catch (error) {
    // GETKEYS refuses malformed lines ("Invalid arguments") and key-less ones: without a prefix
    // the command itself gives the agent the real error; under a prefix nothing may be guessed.
    if (prefix)
      throw refuseUnderPrefix(name, prefix, `the server cannot say which arguments are keys (${error instanceof Error ? error.message : String(error)})`);
    return [];
  }
  const indexes = indexesOfKeys(Array.isArray(reply) ? reply : [], args);
  if (indexes) return indexes;
  if (prefix) throw refuseUnderPrefix(name, prefix, "one of its key names also appears as a non-key argument, so which argument is the key is ambiguous");
  return [];
}

function checkScopable(spec: CommandKeySpec, command: ModuleCommand, indexes: readonly number[], prefix: string): void {
  const [name, ...args] = command;
  const container = spec.name.split("|")[0] as string;
  const unscopable = UNSCOPABLE.get(spec.name) ?? UNDER_DECLARED.get(spec.name);
  if (unscopable) throw refuseUnderPrefix(name, prefix, unscopable);
  if (spec.aclCategories.has("@scripting")) throw refuseUnderPrefix(name, prefix, "a script or function may reach any key, whatever keys it declares");
  if (spec.name === "sort" || spec.name === "sort_ro") {
    const option = args.slice(1).find((argument) => /^(by|get)$/i.test(text(argument)));
    if (option !== undefined) throw refuseUnderPrefix(name, prefix, `its ${text(option).toUpperCase()} pattern reads keys the server does not declare`);
  }
  if (indexes.length === 0 && !KEYLESS_SAFE_UNDER_PREFIX.has(spec.name) && !KEYLESS_SAFE_UNDER_PREFIX.has(container) && !spec.name.endsWith("|help")) {
    throw refuseUnderPrefix(name, prefix, "it names no key, so what it reads or changes is not confined to keys under the prefix");
  }
  if (indexes.length > 0 && (spec.flags.has("noscript") || spec.flags.has("blocking"))) {
    throw refuseUnderPrefix(name, prefix, "the prefix is applied through a script, and the server forbids this command in scripts");
  }
}

/**
 * Classifies one command line from the server's own COMMAND INFO (flags and ACL categories, so
 * module commands are covered too) and finds its key arguments (COMMAND GETKEYS for commands
 * whose keys depend on their arguments), without running it. Under the client's keyPrefix it
 * also refuses what the prefix cannot confine: KEYS, SCAN, RANDOMKEY, MIGRATE, scripts, SORT
 * BY/GET patterns, keyless commands that see data, and commands whose keys the server cannot name.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a malformed command line.
 * @throws UnsupportedError (`E_UNSUPPORTED`) for an unknown command, a container without its
 *   subcommand, blocking, pub/sub, transaction and connection-state commands, and (under a
 *   prefix) anything the prefix cannot confine; nothing is sent.
 * @example const plan = await planRawCommand(redis, ["HSET", "user:1", "name", "Ada"]); // { access: "write", keyIndexes: [0], ... }
 */
export async function planRawCommand(client: RedisClient, command: readonly unknown[]): Promise<RawCommandPlan> {
  validate(command);
  const [name, ...args] = command;
  const prefix = keyPrefixOf(client);
  const spec = await effectiveSpec(client, name, args);
  const refused = refusal(spec);
  if (refused) throw refuse(spec.name.replace("|", " "), refused);
  checkArity(spec, command.length);
  const indexes = await keyPositions(client, spec, command, prefix);
  if (prefix) checkScopable(spec, command, indexes, prefix);
  return {
    name: spec.name,
    access: accessOf(spec),
    keyIndexes: indexes,
    flags: [...spec.flags].sort(),
    aclCategories: [...spec.aclCategories].sort(),
    module: spec.flags.has("module"),
  };
}

/** Replies name keys with the prefix (LMPOP, ZMPOP): give them back as the caller wrote them. */
function withoutPrefix(reply: unknown, prefixed: ReadonlyMap<string, string>): unknown {
  if (Buffer.isBuffer(reply)) {
    const key = prefixed.get(reply.toString("latin1"));
    return key === undefined ? reply : Buffer.from(key, "latin1");
  }
  if (Array.isArray(reply)) return reply.map((item) => withoutPrefix(item, prefixed));
  return reply;
}

/**
 * Runs a command line that {@link planRawCommand} planned, with the client's keyPrefix applied to
 * exactly the planned key arguments (through a small script, as for module commands), in one
 * round trip. Bulk replies come back as Buffers (binary values survive; decode them with
 * `decodeValue`), integers as numbers; key names in the reply come back without the prefix.
 * @throws CrossSlotError (`E_CROSSSLOT`) when the keys span cluster slots; RedisMcpError when Redis refuses the command or fails.
 * @example const reply = await callRawCommand(redis, ["GET", "user:1"], await planRawCommand(redis, ["GET", "user:1"]));
 */
export async function callRawCommand(client: RedisClient, command: readonly ModuleCommandArgument[], plan: RawCommandPlan): Promise<unknown> {
  validate(command);
  const reply = await callWithKeyIndexes(client, command, plan.keyIndexes, `${command[0]}`, { buffers: true });
  const prefix = keyPrefixOf(client);
  if (!prefix || plan.keyIndexes.length === 0) return reply;
  // Compared byte for byte (latin1 keeps every byte), so binary key names are found too.
  const bytes = (value: ModuleCommandArgument) => (Buffer.isBuffer(value) ? value : Buffer.from(String(value))).toString("latin1");
  const prefixed = new Map(
    plan.keyIndexes.map((index) => [
      `${Buffer.from(prefix).toString("latin1")}${bytes(command[index + 1] as ModuleCommandArgument)}`,
      bytes(command[index + 1] as ModuleCommandArgument),
    ]),
  );
  return withoutPrefix(reply, prefixed);
}
