import { accessSync, constants } from "node:fs";
import { findExecutable } from "@redis-mcp/core/local-server";

/** How to get `redis-server` on the common platforms; part of every "not found" error. */
export const INSTALL_HINT = [
  "Install redis-server, then run the tests again:",
  "  Debian/Ubuntu: sudo apt-get install -y redis-server",
  "  macOS:         brew install redis",
  "  or point REDIS_SERVER_BIN at a redis-server binary (Redis 6.2 or newer),",
  "  or start a Docker engine (the tests then run redis:7.2 containers through testcontainers).",
].join("\n");

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A binary a test asked for by path (e.g. `/work/shared/servers/valkey-server-8.0.1`).
 * @throws Error when it is not an executable file.
 */
export function checkedBinary(path: string): string {
  if (!isExecutable(path)) throw new Error(`redis-server binary ${path} is not an executable file.\n${INSTALL_HINT}`);
  return path;
}

/**
 * The redis-server binary to spawn: `REDIS_SERVER_BIN` when set (it must exist), else the one on PATH.
 * Returns undefined when there is none, so callers can fall back to containers.
 */
export function findRedisServerBinary(): string | undefined {
  const override = process.env.REDIS_SERVER_BIN;
  if (override) {
    if (!isExecutable(override)) {
      throw new Error(`REDIS_SERVER_BIN=${override} is not an executable file.\n${INSTALL_HINT}`);
    }
    return override;
  }
  return findExecutable("redis-server");
}

let setprivPath: string | null | undefined;

/**
 * `setpriv` (util-linux) lets the kernel SIGKILL a spawned server when its parent dies, so a
 * killed test worker leaves no orphan. Not present on macOS; there we spawn directly.
 */
export function findSetpriv(): string | undefined {
  if (setprivPath === undefined) setprivPath = process.platform === "linux" ? (findExecutable("setpriv") ?? null) : null;
  return setprivPath ?? undefined;
}
