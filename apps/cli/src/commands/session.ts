import { integerFrom, parseDuration } from "../cli/parse-values.js";
import type { CommandGroup } from "./command-group.js";

/** Options every `session` command takes: which store, and where its secret comes from. */
export interface SessionFlags {
  prefix: string;
  /** A file holding the secret; else REDIS_MCP_SESSION_SECRET. Never the secret itself: flags show in `ps`. */
  sessionSecretFile?: string;
}

function storeOptions(command: import("commander").Command): import("commander").Command {
  return command
    .option("--prefix <prefix>", "the store's key prefix (createSessionStore({ prefix }))", "sess:")
    .option("--session-secret-file <file>", "file holding the store's secret (default: env REDIS_MCP_SESSION_SECRET)");
}

/** `session create|get|list|destroy|destroy-user`: the encrypted sessions of @redis-mcp/session. */
export const sessionCommands: CommandGroup = (program, runtime) => {
  const load = () => import("../actions/session.js");
  const session = program
    .command("session")
    .description("create, read, list and destroy encrypted sessions (secret from REDIS_MCP_SESSION_SECRET or --session-secret-file)");
  storeOptions(
    session
      .command("create")
      .description("create a session with a new random id")
      .option("--user <id>", "the user it belongs to (indexed for list and destroy-user)")
      .option("--data <json>", "the session's data, a JSON object", "{}")
      .option("--ttl <duration>", "idle time to live: 30m, 1h, 1d, ... (default: the store's, one hour)", parseDuration)
      .option("--ip <address>", "client IP address, stored encrypted")
      .option("--user-agent <text>", "client user agent, stored encrypted"),
  ).action(async (options: SessionFlags & { user?: string; data: string; ttl?: number; ip?: string; userAgent?: string }, command) =>
    (await load()).create({ runtime, command }, options),
  );
  storeOptions(
    session
      .command("get")
      .description("read a session without marking it used (exit 1 when there is none)")
      .argument("<id>", "the session id")
      .option("--touch", "mark it used: lastAccessed and, with rolling expiry, its expiry move"),
  ).action(async (id: string, options: SessionFlags & { touch?: boolean }, command) => (await load()).get({ runtime, command }, id, options));
  storeOptions(
    session
      .command("list")
      .description("the live sessions of a user, most recently used first")
      .requiredOption("--user <id>", "the user")
      .option("--limit <n>", "most sessions to show", integerFrom(1, 10_000), 100),
  ).action(async (options: SessionFlags & { user: string; limit: number }, command) => (await load()).list({ runtime, command }, options));
  storeOptions(session.command("destroy").description("destroy one session for good (exit 1 when there was none)").argument("<id>", "the session id")).action(
    async (id: string, options: SessionFlags, command) => (await load()).destroy({ runtime, command }, id, options),
  );
  storeOptions(session.command("destroy-user").description("destroy every session of a user (log out everywhere)").argument("<user>", "the user id")).action(
    async (user: string, options: SessionFlags, command) => (await load()).destroyUser({ runtime, command }, user, options),
  );
};
