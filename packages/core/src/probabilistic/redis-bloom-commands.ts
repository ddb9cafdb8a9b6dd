import type { BloomSizing } from "./bloom-parameters.js";
import type { BloomItem } from "./bloom-positions.js";

/** A command for callModuleCommands: name first, then arguments. */
export type RedisBloomCommand = [name: string, ...args: (string | number | Buffer)[]];

/** What BF.INFO reports, in the fields this package uses. */
export interface RedisBloomInfo {
  capacity: number;
  sizeBytes: number;
  itemsInserted: number;
}

/** Arguments of `BF.RESERVE key errorRate capacity` after the key (error rate comes first). */
export function reserveArguments(sizing: BloomSizing): [errorRate: string, capacity: string] {
  return [String(sizing.errorRate), String(sizing.capacity)];
}

/** `BF.MADD key item...`: replies 1 per item that was new, 0 per item that was probably present. */
export function addCommand(filterKey: string, items: readonly BloomItem[]): RedisBloomCommand {
  return ["BF.MADD", filterKey, ...items];
}

/** `BF.MEXISTS key item...`: replies 1 per item that is probably present, 0 per item surely absent. */
export function checkCommand(filterKey: string, items: readonly BloomItem[]): RedisBloomCommand {
  return ["BF.MEXISTS", filterKey, ...items];
}

/** `BF.INFO key`: a flat list of label, value pairs. */
export function infoCommand(filterKey: string): RedisBloomCommand {
  return ["BF.INFO", filterKey];
}

/** Reads a BF.INFO reply (flat RESP2 list or RESP3 map) into numbers. */
export function parseInfoReply(reply: unknown): RedisBloomInfo {
  const fields = new Map<string, number>();
  if (Array.isArray(reply)) {
    for (let index = 0; index + 1 < reply.length; index += 2) fields.set(String(reply[index]), Number(reply[index + 1]));
  } else if (reply && typeof reply === "object") {
    for (const [label, value] of Object.entries(reply)) fields.set(label, Number(value));
  }
  return {
    capacity: fields.get("Capacity") ?? 0,
    sizeBytes: fields.get("Size") ?? 0,
    itemsInserted: fields.get("Number of items inserted") ?? 0,
  };
}

/** Turns a BF.MADD / BF.MEXISTS reply into one boolean per item. */
export function parseFlagsReply(reply: unknown): boolean[] {
  return (Array.isArray(reply) ? reply : []).map((flag) => Number(flag) === 1);
}
