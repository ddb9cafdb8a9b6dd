import type { RedisClient } from "@redis-mcp/core";
import { createSessionStore, type Session, type SessionData, type SessionStore } from "@redis-mcp/session";
import { withRedis } from "../cli/connect.js";
import { CliError, EXIT_CODES } from "../cli/exit-codes.js";
import { formatTimestamp, plural } from "../cli/format.js";
import { type Invocation, outputOf } from "../cli/invocation.js";
import type { Colors } from "../cli/output.js";
import { readSessionSecret, SESSION_SECRET_VARIABLE } from "../cli/session-secret.js";
import { renderTable } from "../cli/table.js";
import type { SessionFlags } from "../commands/session.js";

/** Runs `work` on the session store the flags name, with its secret from a file or the environment. */
async function withStore<T>(invocation: Invocation, flags: SessionFlags, work: (store: SessionStore, redis: RedisClient) => Promise<T>): Promise<T> {
  const secret = await readSessionSecret(flags.sessionSecretFile, invocation.runtime.streams);
  return withRedis(invocation, async (redis) => {
    let store: SessionStore;
    try {
      store = createSessionStore(redis, { secret, prefix: flags.prefix });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== "E_SESSION_KEY" && code !== "E_INVALID_ARGUMENT") throw error;
      const source = flags.sessionSecretFile ? `--session-secret-file ${flags.sessionSecretFile}` : SESSION_SECRET_VARIABLE;
      const message =
        code === "E_SESSION_KEY" ? `the session secret from ${source} is too short: use at least 32 bytes, as the application does.` : (error as Error).message;
      throw new CliError(code as string, message, EXIT_CODES.usage);
    }
    return work(store, redis);
  });
}

function sessionText(session: Session, colors: Colors): string {
  const rows: [string, string][] = [
    ["id", session.id],
    ["user", session.userId ?? "(anonymous)"],
    ["created (UTC)", formatTimestamp(session.createdAt / 1000)],
    ["last used (UTC)", formatTimestamp(session.lastAccessed / 1000)],
    ["expires (UTC)", formatTimestamp(session.expiresAt / 1000)],
    ["ip", session.ip ?? "-"],
    ["user agent", session.userAgent ?? "-"],
    ["data", JSON.stringify(session.data)],
  ];
  return rows.map(([name, value]) => `${colors.bold(name.padEnd(16))}${value}`).join("\n");
}

function parseData(text: string): SessionData {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliError("E_USAGE", `--data is not JSON (${(error as Error).message}); give an object such as '{"cart":[1,2]}'.`, EXIT_CODES.usage);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new CliError("E_USAGE", `--data must be a JSON object such as '{"cart":[1,2]}'; got ${text}.`, EXIT_CODES.usage);
  }
  return data as SessionData;
}

/** `redis-mcp session create`. */
export async function create(
  invocation: Invocation,
  flags: SessionFlags & { user?: string; data: string; ttl?: number; ip?: string; userAgent?: string },
): Promise<void> {
  const output = outputOf(invocation);
  const data = parseData(flags.data);
  const session = await withStore(invocation, flags, (store) =>
    store.create(data, {
      ...(flags.user !== undefined ? { userId: flags.user } : {}),
      ...(flags.ttl !== undefined ? { ttlMs: flags.ttl } : {}),
      ...(flags.ip !== undefined ? { ip: flags.ip } : {}),
      ...(flags.userAgent !== undefined ? { userAgent: flags.userAgent } : {}),
    }),
  );
  output.result(session, (colors) => sessionText(session, colors));
}

/** `redis-mcp session get <id>`: peeks unless --touch. */
export async function get(invocation: Invocation, id: string, flags: SessionFlags & { touch?: boolean }): Promise<void> {
  const output = outputOf(invocation);
  const session = await withStore(invocation, flags, (store) => (flags.touch ? store.get(id) : store.peek(id)));
  if (!session) throw new CliError("E_NOT_FOUND", "no such session (absent, expired, destroyed, or written with another secret).");
  output.result(session, (colors) => sessionText(session, colors));
}

/** `redis-mcp session list --user <id>`. */
export async function list(invocation: Invocation, flags: SessionFlags & { user: string; limit: number }): Promise<void> {
  const output = outputOf(invocation);
  const sessions = await withStore(invocation, flags, (store) => store.listForUser(flags.user, { limit: flags.limit }));
  output.result({ userId: flags.user, sessions }, (colors) => {
    const heading = `${plural(sessions.length, "session")} of user ${flags.user}`;
    if (sessions.length === 0) return heading;
    const rows = sessions.map((session) => [
      session.id,
      formatTimestamp(session.lastAccessed / 1000),
      formatTimestamp(session.expiresAt / 1000),
      session.ip ?? "-",
      session.userAgent ?? "-",
    ]);
    return `${colors.bold(heading)}\n\n${renderTable(
      [{ heading: "ID" }, { heading: "LAST USED (UTC)" }, { heading: "EXPIRES (UTC)" }, { heading: "IP" }, { heading: "USER AGENT" }],
      rows,
      colors,
    )}`;
  });
}

/** `redis-mcp session destroy <id>`: exit 1 when there was no session. */
export async function destroy(invocation: Invocation, id: string, flags: SessionFlags): Promise<void> {
  const output = outputOf(invocation);
  const destroyed = await withStore(invocation, flags, (store) => store.destroy(id));
  output.result({ destroyed }, () => (destroyed ? "destroyed" : "no such session"), destroyed ? undefined : EXIT_CODES.failure);
}

/** `redis-mcp session destroy-user <user>`. */
export async function destroyUser(invocation: Invocation, user: string, flags: SessionFlags): Promise<void> {
  const output = outputOf(invocation);
  const destroyed = await withStore(invocation, flags, (store) => store.destroyAllForUser(user));
  output.result({ userId: user, destroyed }, () => `destroyed ${plural(destroyed, "session")} of user ${user}`);
}
