import type { RedisConfigInput } from "./input-schema.js";

/** Result of {@link parseRedisUrl}: the fields the URL sets, or why it is not usable. */
export type ParsedUrl = { ok: true; values: RedisConfigInput } | { ok: false; problem: string };

/** The URL with its password replaced by `****`, for messages. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z+]+:\/\/[^:/?#@]*:)[^@/?#]*@/i, "$1****@");
}

/**
 * Splits a Redis URL into config fields: `redis://[user[:password]@]host[:port][/db]`,
 * `rediss://...` (TLS) or `unix:///path/to/redis.sock[?db=N]`.
 */
export function parseRedisUrl(url: string): ParsedUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, problem: "is not a valid URL" };
  }
  const protocol = parsed.protocol;
  if (protocol !== "redis:" && protocol !== "rediss:" && protocol !== "unix:") {
    return { ok: false, problem: `has the scheme "${protocol.replace(/:$/, "")}", expected redis, rediss or unix` };
  }
  const values: RedisConfigInput = {};
  const unknown = [...parsed.searchParams.keys()].filter((name) => name !== "db");
  if (unknown.length > 0) return { ok: false, problem: `has unsupported query parameters (${unknown.join(", ")}); only db is understood` };
  if (parsed.username) values.username = decodeURIComponent(parsed.username);
  if (parsed.password) values.password = decodeURIComponent(parsed.password);
  const databaseText = protocol === "unix:" ? parsed.searchParams.get("db") : parsed.pathname.replace(/^\//, "") || parsed.searchParams.get("db");
  if (databaseText) {
    if (!/^\d+$/.test(databaseText)) return { ok: false, problem: `has the database "${databaseText}", expected a number such as /0` };
    values.db = Number(databaseText);
  }
  if (protocol === "unix:") {
    if (!parsed.pathname || parsed.pathname === "/") return { ok: false, problem: "names no socket path (unix:///path/to/redis.sock)" };
    values.path = decodeURIComponent(parsed.pathname);
    return { ok: true, values };
  }
  if (!parsed.hostname) return { ok: false, problem: "names no host" };
  values.host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  if (parsed.port) values.port = Number(parsed.port);
  if (protocol === "rediss:") values.tls = true;
  return { ok: true, values };
}
