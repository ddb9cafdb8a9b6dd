import type { RedisClient } from "../client/redis-client.js";
import { keyIndexesOf } from "../commands/command-key-spec.js";
import type { SlowlogEntry } from "./slowlog.js";

/** The slowlog's own marker for arguments it left out (more than 32 arguments). */
const ARGUMENTS_LEFT_OUT = /^\.\.\. \(\d+ more arguments\)$/;

/**
 * One entry as seen from inside `prefix`, or null when it is not entirely inside: its keys are
 * found from the server's COMMAND INFO (COMMAND GETKEYS for argument-dependent keys); an entry
 * is kept only when it has keys and every one starts with the prefix. Commands without keys
 * (CONFIG, INFO, EXEC, ...) and entries whose keys cannot be found (an unknown command, arguments
 * the slowlog cut off) are left out: they may be anyone's. Keys lose the prefix, and the client
 * address and name are blanked (they identify other connections).
 */
async function withinPrefix(client: RedisClient, entry: SlowlogEntry, prefix: string): Promise<SlowlogEntry | null> {
  const [name, ...args] = entry.command;
  if (!name || args.some((argument) => ARGUMENTS_LEFT_OUT.test(argument))) return null;
  const indexes = await keyIndexesOf(client, name, args).catch(() => null);
  if (!indexes || indexes.length === 0) return null;
  if (!indexes.every((index) => (args[index] ?? "").startsWith(prefix))) return null;
  const keys = new Set(indexes);
  return {
    ...entry,
    command: [name, ...args.map((argument, index) => (keys.has(index) ? argument.slice(prefix.length) : argument))],
    clientAddress: "",
    clientName: "",
  };
}

/**
 * The entries that touch only keys under `prefix`, in the same order, with the prefix taken off
 * their keys. With an empty prefix every entry is kept as it is.
 * @throws never: an entry whose keys cannot be found is left out.
 */
export async function slowlogEntriesWithinPrefix(client: RedisClient, entries: readonly SlowlogEntry[], prefix: string): Promise<SlowlogEntry[]> {
  if (!prefix) return [...entries];
  const scoped = await Promise.all(entries.map((entry) => withinPrefix(client, entry, prefix)));
  return scoped.filter((entry): entry is SlowlogEntry => entry !== null);
}
