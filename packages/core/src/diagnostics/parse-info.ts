import { camelCase, type ReplyScalar, toScalar } from "./reply-values.js";

/** A structured INFO value such as `db0:keys=1,expires=0,avg_ttl=0`, with camelCase field names. */
export type InfoRecord = Record<string, ReplyScalar>;

/** One INFO field: a number, a text, or a record for `key=value,...` lines. */
export type InfoValue = ReplyScalar | InfoRecord;

/** One INFO section (`server`, `memory`, `keyspace`, ...): field name as Redis spells it → value. */
export type InfoSection = Record<string, InfoValue>;

/** Parsed INFO: lower-case section name → fields. */
export type InfoSections = Record<string, InfoSection>;

/** Section for fields that come before any `# Section` header (hand-written or truncated text). */
const HEADERLESS_SECTION = "default";

// `ip=127.0.0.1,port=6380,state=online`: every comma-separated part is `name=value` with a plain name.
const RECORD_VALUE = /^[A-Za-z0-9_.|-]+=[^,]*(?:,[A-Za-z0-9_.|-]+=[^,]*)*$/;

function parseRecord(text: string): InfoRecord {
  const record: InfoRecord = {};
  for (const part of text.split(",")) {
    const separator = part.indexOf("=");
    record[camelCase(part.slice(0, separator))] = toScalar(part.slice(separator + 1));
  }
  return record;
}

function parseValue(text: string): InfoValue {
  return RECORD_VALUE.test(text) ? parseRecord(text) : toScalar(text);
}

/**
 * Parses the text of `INFO` into sections. Numbers become numbers (ids with leading zeros stay
 * text), `key=value,...` values (keyspace `db0`, `cmdstat_get`, `errorstat_ERR`, replica `slave0`,
 * `latency_percentiles_usec_get`, `module`) become records with camelCase names (`avgTtl`,
 * `usecPerCall`), everything else stays text. Section names are lower-cased; field names are kept.
 * @example parseInfo(await redis.info("memory")).memory?.used_memory // 1048576
 */
export function parseInfo(text: string): InfoSections {
  const sections: InfoSections = {};
  let current: InfoSection | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      const name = line.slice(1).trim().toLowerCase();
      current = sections[name] ?? {};
      sections[name] = current;
      continue;
    }
    const separator = line.indexOf(":");
    if (separator <= 0) continue;
    if (!current) {
      current = sections[HEADERLESS_SECTION] ?? {};
      sections[HEADERLESS_SECTION] = current;
    }
    current[line.slice(0, separator)] = parseValue(line.slice(separator + 1));
  }
  return sections;
}

/** A numeric INFO field, or undefined when absent or not a number. */
export function infoNumber(info: InfoSections, section: string, field: string): number | undefined {
  const value = info[section]?.[field];
  return typeof value === "number" ? value : undefined;
}

/** A scalar INFO field as text (numbers converted), or undefined when absent or structured. */
export function infoText(info: InfoSections, section: string, field: string): string | undefined {
  const value = info[section]?.[field];
  if (typeof value === "string") return value;
  return typeof value === "number" ? String(value) : undefined;
}

/** Every record-valued field of a section whose name matches `pattern` (e.g. replicas `slave0`, `slave1`). */
export function infoRecords(info: InfoSections, section: string, pattern: RegExp): [string, InfoRecord][] {
  return Object.entries(info[section] ?? {}).filter((entry): entry is [string, InfoRecord] => pattern.test(entry[0]) && typeof entry[1] === "object");
}
