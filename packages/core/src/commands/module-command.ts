import { createHash } from "node:crypto";
import type { ChainableCommander } from "ioredis";
import { isCluster, keyPrefixOf, type RedisClient } from "../client/redis-client.js";
import { slotOf } from "../cluster/slots.js";
import { CrossSlotError, InvalidArgumentError, UnsupportedError } from "../errors/errors.js";
import { toRedisMcpError, withRedisErrors } from "../errors/map-redis-error.js";
import { commandKeySpecFor, indexesOfKeys, keyIndexes } from "./command-key-spec.js";

/** An argument of a module command. */
export type ModuleCommandArgument = string | number | Buffer;

/** A command to send: its name, then its arguments, keys without the client's keyPrefix. */
export type ModuleCommand = readonly [name: string, ...args: ModuleCommandArgument[]];

/** Options for {@link callModuleCommand} and {@link callModuleCommands}. */
export interface ModuleCommandOptions {
  /** Starts the message of an error (default: the first command's name and first key). */
  operation?: string;
}

/**
 * Most arguments one command may have when it is sent through the key-prefixing script (Lua's
 * `unpack` stops at about 8,000 values). Split longer commands; {@link callModuleCommands} sends
 * the parts in one round trip.
 */
export const MAX_MODULE_COMMAND_ARGUMENTS = 7_000;

/**
 * Commands whose COMMAND INFO names fewer keys than they touch (RedisBloom 2.4 declares only the
 * destination of these merges, not their sources): under a prefix the sources would escape it.
 */
export const UNDER_DECLARED: ReadonlyMap<string, string> = new Map([
  ["cms.merge", "it declares only its destination as a key, not the sketches it merges"],
  ["tdigest.merge", "it declares only its destination as a key, not the sketches it merges"],
]);

// Rebuilds the command with KEYS at the key positions: ioredis prefixes KEYS (and routes the
// script to the keys' cluster node), while module commands it does not know reach Redis as
// written. ARGV: name, the key positions ("1,3"), then the other arguments in order. pcall
// returns an error reply as it is, so it maps like the command's own.
const LUA = `
local positions = {}
for position in string.gmatch(ARGV[2], '%d+') do positions[tonumber(position)] = true end
local command = {ARGV[1]}
local nextKey, nextArgument = 1, 3
for position = 1, #KEYS + #ARGV - 2 do
  if positions[position] then
    command[position + 1] = KEYS[nextKey]
    nextKey = nextKey + 1
  else
    command[position + 1] = ARGV[nextArgument]
    nextArgument = nextArgument + 1
  end
end
return redis.pcall(unpack(command))
`;
const SCRIPT_COMMAND = `redisMcp_module_command_${createHash("sha1").update(LUA).digest("hex").slice(0, 10)}`;

type Plan = { direct: readonly ModuleCommandArgument[] } | { keys: ModuleCommandArgument[]; argv: ModuleCommandArgument[] };

type Sender = (...args: ModuleCommandArgument[]) => Promise<unknown>;

function refuse(name: string, prefix: string, why: string): UnsupportedError {
  return new UnsupportedError(
    `${name}: ${why}, so it cannot be confined to the key prefix "${prefix}". Nothing was sent. Use a client without a keyPrefix for it, or a command whose keys the server describes.`,
  );
}

function validate(commands: readonly ModuleCommand[]): void {
  if (!Array.isArray(commands) || commands.length === 0) {
    throw new InvalidArgumentError("callModuleCommands: pass at least one command, e.g. [['BF.MADD', 'seen', 'a', 'b']].");
  }
  for (const command of commands) {
    if (!Array.isArray(command) || typeof command[0] !== "string" || command[0].trim() === "") {
      throw new InvalidArgumentError(`module command: expected [name, ...arguments] with a command name first, got ${JSON.stringify(command)?.slice(0, 100)}.`);
    }
    for (const argument of command.slice(1)) {
      if (typeof argument !== "string" && typeof argument !== "number" && !Buffer.isBuffer(argument)) {
        throw new InvalidArgumentError(`module command ${command[0]}: arguments must be strings, numbers or Buffers.`);
      }
    }
  }
}

async function plan(client: RedisClient, command: ModuleCommand, prefix: string): Promise<Plan> {
  // Standalone without a prefix: nothing to apply, no routing to do.
  if (!prefix && !isCluster(client)) return { direct: command };
  const [name, ...args] = command;
  const spec = await commandKeySpecFor(client, name, args);
  if (!spec) {
    if (prefix) throw refuse(name, prefix, "the server does not describe this command (COMMAND INFO knows no such command)");
    return { direct: command };
  }
  let indexes: number[] | null;
  if (spec.flags.has("movablekeys")) {
    // Where the keys are depends on the arguments: the server finds them for this call.
    const keys = await withRedisErrors(`COMMAND GETKEYS ${name}`, () => client.call("COMMAND", "GETKEYS", name, ...args));
    indexes = indexesOfKeys(Array.isArray(keys) ? keys : [], args);
    if (!indexes && prefix) throw refuse(name, prefix, "one of its key names also appears as a non-key argument, so which argument is the key is ambiguous");
  } else {
    indexes = keyIndexes(spec, args);
    const underDeclared = UNDER_DECLARED.get(spec.name);
    if (underDeclared && prefix) throw refuse(name, prefix, underDeclared);
  }
  if (!indexes || indexes.length === 0) {
    if (prefix) throw refuse(name, prefix, "the server describes no key arguments for it (it may read keys it does not declare)");
    return { direct: command };
  }
  if (spec.flags.has("noscript") || spec.flags.has("blocking")) {
    if (prefix) throw refuse(name, prefix, "it is a blocking or script-forbidden command, and the prefix is applied through a script");
    return { direct: command };
  }
  if (command.length > MAX_MODULE_COMMAND_ARGUMENTS) {
    if (!prefix) return { direct: command };
    throw new InvalidArgumentError(
      `${name}: ${command.length - 1} arguments are more than ${MAX_MODULE_COMMAND_ARGUMENTS - 1} in one command. Split it into several commands (callModuleCommands sends them in one round trip).`,
    );
  }
  const keySet = new Set(indexes);
  return {
    keys: indexes.map((index) => args[index] as ModuleCommandArgument),
    argv: [name, indexes.map((index) => index + 1).join(","), ...args.filter((_, index) => !keySet.has(index))],
  };
}

/** On a cluster every scripted command of one pipeline must go to one slot: say so before sending. */
function assertOneSlot(client: RedisClient, plans: readonly Plan[], prefix: string, operation: string): void {
  if (!isCluster(client)) return;
  const slots = new Set<number>();
  for (const entry of plans) {
    if (!("keys" in entry)) continue;
    for (const key of entry.keys) slots.add(slotOf(Buffer.isBuffer(key) ? Buffer.concat([Buffer.from(prefix), key]) : `${prefix}${key}`));
  }
  if (slots.size > 1) {
    throw new CrossSlotError(
      `${operation}: the keys hash to different cluster slots. Give keys used together a common hash tag, e.g. "{user:1}:a" and "{user:1}:b", or send them in separate calls.`,
    );
  }
}

function prepare(client: RedisClient): void {
  // Variable number of keys (no numberOfKeys): ioredis takes it as the first argument and
  // prefixes that many keys; EVALSHA first, EVAL on NOSCRIPT, in pipelines too.
  if (typeof (client as unknown as Record<string, unknown>)[SCRIPT_COMMAND] !== "function") client.defineCommand(SCRIPT_COMMAND, { lua: LUA });
}

function queue(target: RedisClient | ChainableCommander, entry: Plan): Promise<unknown> | ChainableCommander {
  if ("direct" in entry) {
    const [name, ...args] = entry.direct as ModuleCommand;
    return (target as unknown as { call(name: string, ...args: ModuleCommandArgument[]): Promise<unknown> }).call(name, ...args);
  }
  const script = (target as unknown as Record<string, Sender>)[SCRIPT_COMMAND] as Sender;
  return script.call(target, entry.keys.length, ...entry.keys, ...entry.argv);
}

/**
 * Sends module (or other) commands with the client's keyPrefix applied to their keys, all in
 * one round trip, and returns their replies in order. ioredis prefixes only the commands it
 * knows, and module commands (`BF.*`, `CF.*`, `JSON.*`...) are not among them: sent with
 * `client.call` they would reach keys outside the prefix. Here the key positions come from the
 * server's own COMMAND INFO (asked once per client and command; COMMAND GETKEYS per call for
 * commands whose key positions depend on their arguments), and the keys go through a small Lua
 * script as KEYS, which ioredis prefixes and routes to the keys' cluster node. Without a prefix
 * on a standalone server the commands are sent as they are.
 * Replies come in RESP2 shapes (what ioredis's default reply mapping gives).
 * @throws UnsupportedError (`E_UNSUPPORTED`) under a keyPrefix when the server cannot say which
 *   arguments are keys (unknown command, no declared keys, ambiguous GETKEYS, a command known to
 *   under-declare its keys, or a blocking or script-forbidden one); nothing is sent.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a malformed command or one with more
 *   than {@link MAX_MODULE_COMMAND_ARGUMENTS} arguments; CrossSlotError (`E_CROSSSLOT`) when the
 *   keys span cluster slots; RedisMcpError for the first command Redis refuses, or when Redis fails.
 * @example const [added, present] = await callModuleCommands(redis, [["BF.MADD", "seen", "a"], ["BF.MEXISTS", "seen", "a", "b"]]);
 */
export async function callModuleCommands(client: RedisClient, commands: readonly ModuleCommand[], options: ModuleCommandOptions = {}): Promise<unknown[]> {
  validate(commands);
  const prefix = keyPrefixOf(client);
  const first = commands[0] as ModuleCommand;
  const operation = options.operation ?? `${first[0]}${first.length > 1 ? ` ${String(first[1])}` : ""}`;
  const plans = await Promise.all(commands.map((command) => plan(client, command, prefix)));
  assertOneSlot(client, plans, prefix, operation);
  if (plans.some((entry) => "keys" in entry)) prepare(client);
  if (plans.length === 1) {
    try {
      return [await (queue(client, plans[0] as Plan) as Promise<unknown>)];
    } catch (error) {
      throw toRedisMcpError(error, operation);
    }
  }
  const pipeline = client.pipeline();
  for (const entry of plans) queue(pipeline, entry);
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await pipeline.exec();
  } catch (error) {
    throw toRedisMcpError(error, operation);
  }
  return (replies ?? []).map(([error, reply]) => {
    if (error) throw toRedisMcpError(error, operation);
    return reply;
  });
}

/**
 * Sends one module (or other) command with the client's keyPrefix applied to its keys: see
 * {@link callModuleCommands}, which this calls with one command.
 * @throws UnsupportedError (`E_UNSUPPORTED`) under a keyPrefix when the server cannot say which
 *   arguments are keys; InvalidArgumentError (`E_INVALID_ARGUMENT`) for a malformed command;
 *   RedisMcpError when Redis refuses the command or fails.
 * @example const info = await callModuleCommand(redis, ["BF.INFO", "seen"]);
 */
export async function callModuleCommand(client: RedisClient, command: ModuleCommand, options: ModuleCommandOptions = {}): Promise<unknown> {
  const [reply] = await callModuleCommands(client, [command], options);
  return reply;
}

/**
 * Sends one command whose key positions the caller already knows (argument indexes after the
 * name), with the client's keyPrefix applied to exactly those arguments: through the
 * key-prefixing script when there is a prefix or a cluster to route on, as written otherwise.
 * For commands the caller has vetted (redis_command's classifier); not part of the public API.
 * @throws CrossSlotError (`E_CROSSSLOT`) when the keys span cluster slots; RedisMcpError when Redis refuses or fails.
 */
export async function callWithKeyIndexes(
  client: RedisClient,
  command: ModuleCommand,
  indexes: readonly number[],
  operation: string,
  options: { buffers?: boolean } = {},
): Promise<unknown> {
  const prefix = keyPrefixOf(client);
  const [name, ...args] = command;
  const keySet = new Set(indexes);
  const entry: Plan =
    indexes.length === 0 || (!prefix && !isCluster(client))
      ? { direct: command }
      : {
          keys: indexes.map((index) => args[index] as ModuleCommandArgument),
          argv: [name, indexes.map((index) => index + 1).join(","), ...args.filter((_, index) => !keySet.has(index))],
        };
  assertOneSlot(client, [entry], prefix, operation);
  if ("keys" in entry) prepare(client);
  try {
    if (!options.buffers) return await (queue(client, entry) as Promise<unknown>);
    // Bulk replies as Buffers: binary values survive, the caller decodes them.
    if ("direct" in entry) return await client.callBuffer(name, ...args);
    const script = (client as unknown as Record<string, Sender>)[`${SCRIPT_COMMAND}Buffer`] as Sender;
    return await script.call(client, entry.keys.length, ...entry.keys, ...entry.argv);
  } catch (error) {
    throw toRedisMcpError(error, operation);
  }
}
