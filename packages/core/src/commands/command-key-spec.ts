import type { RedisClient } from "../client/redis-client.js";
import { withRedisErrors } from "../errors/map-redis-error.js";

/** What the server says about where a command's keys are (COMMAND INFO). */
export interface CommandKeySpec {
  /** Lower-case name, `container|subcommand` for a subcommand. */
  name: string;
  /** Arguments the command takes, its name (and subcommand) included: N exactly, or -N for at least N. */
  arity: number;
  /** COMMAND INFO flags, lower case (`write`, `readonly`, `movablekeys`, `noscript`, ...). */
  flags: ReadonlySet<string>;
  /** 1-based position of the first key in the command line (0: no keys). */
  firstKey: number;
  /** Position of the last key; negative counts from the end (-1: the last argument). */
  lastKey: number;
  /** Distance between keys (2 for `MSET k v k v`). */
  keyStep: number;
  /** Names of subcommands (`config|get`, ...); empty for a plain command. */
  subcommands: readonly string[];
  /** ACL categories, lower case with the `@` (`@write`, `@dangerous`, ...); empty before Redis 6 and for most module commands. */
  aclCategories: ReadonlySet<string>;
}

function text(value: unknown): string {
  return Buffer.isBuffer(value) ? value.toString("utf8") : String(value);
}

/**
 * Reads one entry of a COMMAND INFO reply (RESP2 array, or RESP3 with the legacy reply mapping):
 * name, arity, flags, first key, last key, step, then (Redis 7) ACL categories, tips, key specs
 * and subcommands. Null for a command the server does not know.
 */
export function parseCommandInfo(entry: unknown): CommandKeySpec | null {
  if (!Array.isArray(entry) || entry.length < 6) return null;
  const [name, arity, flags, firstKey, lastKey, keyStep] = entry as unknown[];
  const subcommands = Array.isArray(entry[9]) ? (entry[9] as unknown[]).filter(Array.isArray).map((sub) => text((sub as unknown[])[0]).toLowerCase()) : [];
  return {
    name: text(name).toLowerCase(),
    arity: Number(arity),
    flags: new Set((Array.isArray(flags) ? flags : []).map((flag) => text(flag).toLowerCase())),
    firstKey: Number(firstKey),
    lastKey: Number(lastKey),
    keyStep: Number(keyStep),
    subcommands,
    aclCategories: new Set((Array.isArray(entry[6]) ? (entry[6] as unknown[]) : []).map((category) => text(category).toLowerCase())),
  };
}

/**
 * The argument indexes (0-based, after the command name) that are keys, from the legacy
 * first/last/step triple. Redis derives the triple from the command's key specs and flags a
 * command `movablekeys` when the triple cannot describe them; such commands need COMMAND GETKEYS.
 */
export function keyIndexes(spec: CommandKeySpec, args: readonly unknown[]): number[] {
  if (spec.firstKey <= 0 || spec.keyStep <= 0) return [];
  // Positions count the command name as 0, like Redis's argc.
  const argc = args.length + 1;
  const last = Math.min(spec.lastKey < 0 ? argc + spec.lastKey : spec.lastKey, argc - 1);
  const indexes: number[] = [];
  for (let position = spec.firstKey; position <= last; position += spec.keyStep) indexes.push(position - 1);
  return indexes;
}

/**
 * Maps the keys COMMAND GETKEYS returned back to argument indexes. Null when that is ambiguous:
 * a key's text also appears at a position that is not a key, so which one to prefix is unknown.
 */
export function indexesOfKeys(keys: readonly unknown[], args: readonly unknown[]): number[] | null {
  const wanted = new Map<string, number>();
  for (const key of keys) wanted.set(text(key), (wanted.get(text(key)) ?? 0) + 1);
  const indexes: number[] = [];
  for (let index = 0; index < args.length; index++) {
    if (wanted.has(text(args[index]))) indexes.push(index);
  }
  // Every occurrence of each key text must be a key: as many occurrences as GETKEYS named.
  const occurrences = new Map<string, number>();
  for (const index of indexes) occurrences.set(text(args[index]), (occurrences.get(text(args[index])) ?? 0) + 1);
  for (const [key, count] of wanted) if (occurrences.get(key) !== count) return null;
  return indexes;
}

const specs = new WeakMap<RedisClient, Map<string, Promise<CommandKeySpec | null>>>();

/**
 * COMMAND INFO for one command, asked once per client and name (module commands do not change
 * while a client lives; a failed lookup is asked again next time).
 * @throws RedisMcpError when Redis fails or the ACL user may not run COMMAND.
 */
export function commandKeySpec(client: RedisClient, name: string): Promise<CommandKeySpec | null> {
  let perClient = specs.get(client);
  if (!perClient) {
    perClient = new Map();
    specs.set(client, perClient);
  }
  const lower = name.toLowerCase();
  let spec = perClient.get(lower);
  if (!spec) {
    const lookups = perClient;
    spec = withRedisErrors(`COMMAND INFO ${name}`, () => client.call("COMMAND", "INFO", lower)).then((reply) =>
      parseCommandInfo(Array.isArray(reply) ? reply[0] : undefined),
    );
    lookups.set(lower, spec);
    spec.catch(() => lookups.delete(lower));
  }
  return spec;
}

/**
 * The spec that describes a command line: a container command (`X SUB ...`) is described per
 * subcommand (Redis 7 names them `x|sub`).
 * @throws RedisMcpError when Redis fails or the ACL user may not run COMMAND.
 */
export async function commandKeySpecFor(client: RedisClient, name: string, args: readonly unknown[]): Promise<CommandKeySpec | null> {
  const spec = await commandKeySpec(client, name);
  if (!spec || spec.subcommands.length === 0 || args.length === 0) return spec;
  const subcommand = `${spec.name}|${text(args[0]).toLowerCase()}`;
  return spec.subcommands.includes(subcommand) ? commandKeySpec(client, subcommand) : spec;
}

/**
 * Where the keys of one command line are (argument indexes after the name): from the legacy
 * triple, or COMMAND GETKEYS for a `movablekeys` command. Null when the server cannot say (an
 * unknown command, GETKEYS refused, or a key text that also appears as a non-key argument).
 * @throws RedisMcpError when Redis fails.
 */
export async function keyIndexesOf(client: RedisClient, name: string, args: readonly (string | number | Buffer)[]): Promise<number[] | null> {
  const spec = await commandKeySpecFor(client, name, args);
  if (!spec) return null;
  if (!spec.flags.has("movablekeys")) return keyIndexes(spec, args);
  const keys = await client.call("COMMAND", "GETKEYS", name, ...args).catch(() => null);
  return Array.isArray(keys) ? indexesOfKeys(keys, args) : null;
}
