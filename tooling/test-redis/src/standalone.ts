import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { freePort } from "@redis-mcp/core/local-server";
import { startOnFreePorts } from "./free-port-start.js";
import { RedisNode } from "./redis-node.js";
import { makeServerDir } from "./temp-dir.js";

/** An ACL user to create on the server, e.g. `{ name: "reader", password: "pw", rules: "~* +@read" }`. */
export interface AclUser {
  name: string;
  password: string;
  /** ACL rules after `on >password`, e.g. `"~app:* &* +@all"`. */
  rules: string;
}

/** Options for {@link startRedisServer}. */
export interface StandaloneOptions {
  /** `requirepass` for the default user. */
  password?: string;
  /** Extra ACL users (written to an ACL file). */
  users?: AclUser[];
  /** Also listen on a unix socket in the server's directory. */
  unixSocket?: boolean;
  /** `none` (default): nothing on disk; `aof`: appendonly with fsync always; `rdb`: snapshots only. */
  persistence?: "none" | "aof" | "rdb";
  /** Extra redis-server arguments, e.g. `["--maxmemory", "10mb"]`. */
  args?: string[];
  /** The server binary for this server only, e.g. a Valkey build (default `REDIS_SERVER_BIN` or PATH). */
  binary?: string;
}

/** A running standalone server. */
export interface StandaloneRedis {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:<port>`, without credentials. */
  readonly url: string;
  /** Path of the unix socket when `unixSocket` was asked for. */
  readonly socketPath: string | undefined;
  /** The node, for stop/kill/restart in fault tests. */
  readonly node: RedisNode;
  /** Stops the server and removes its files. */
  stop(): Promise<void>;
}

const PERSISTENCE_ARGS: Record<NonNullable<StandaloneOptions["persistence"]>, string[]> = {
  none: ["--save", "", "--appendonly", "no"],
  // fsync on every write so a SIGKILL loses nothing: fault tests assert on exact data.
  aof: ["--save", "", "--appendonly", "yes", "--appendfsync", "always"],
  rdb: ["--save", "3600 1", "--appendonly", "no"],
};

function aclLine(name: string, password: string | undefined, rules: string): string {
  if (/\s/.test(name) || (password !== undefined && /\s/.test(password))) {
    throw new Error(`ACL user "${name}": names and passwords must not contain whitespace`);
  }
  return `user ${name} on ${password === undefined ? "nopass" : `>${password}`} ${rules}`;
}

/** The redis-server arguments for a standalone server; exported for the cluster and Sentinel builders. */
export async function standaloneArgs(port: number, dir: string, options: StandaloneOptions): Promise<string[]> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--daemonize", "no", "--loglevel", "notice"];
  // Replicas sync at once instead of after the default 5 s diskless-sync delay.
  args.push("--repl-diskless-sync-delay", "0");
  args.push(...PERSISTENCE_ARGS[options.persistence ?? "none"]);
  if (options.users?.length) {
    // Passing several --user options on the command line gets them quoted into one token;
    // an ACL file is the reliable way, and it carries the default user's password too.
    const lines = [aclLine("default", options.password, "~* &* +@all"), ...options.users.map((user) => aclLine(user.name, user.password, user.rules))];
    const aclFile = join(dir, "users.acl");
    await writeFile(aclFile, `${lines.join("\n")}\n`, { mode: 0o600 });
    args.push("--aclfile", aclFile);
  } else if (options.password !== undefined) {
    args.push("--requirepass", options.password);
  }
  if (options.unixSocket) args.push("--unixsocket", join(dir, "redis.sock"), "--unixsocketperm", "700");
  args.push(...(options.args ?? []));
  return args;
}

/**
 * Starts a standalone redis-server on an OS-assigned port and waits until it is ready.
 * @example
 * const redis = await startRedisServer({ password: "secret" });
 * try { ... new Redis(redis.port, { password: "secret" }) ... } finally { await redis.stop(); }
 */
export async function startRedisServer(options: StandaloneOptions = {}): Promise<StandaloneRedis> {
  const { node, port, dir } = await startOnFreePorts(async () => {
    const port = await freePort();
    const dir = await makeServerDir("standalone");
    return {
      node: new RedisNode({ port, dir, args: await standaloneArgs(port, dir, options), ...(options.binary ? { binary: options.binary } : {}) }),
      port,
      dir,
    };
  });
  return {
    host: node.host,
    port,
    url: `redis://127.0.0.1:${port}`,
    socketPath: options.unixSocket ? join(dir, "redis.sock") : undefined,
    node,
    stop: () => node.dispose(),
  };
}
