import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { findRedisServerBinary } from "./binary.js";
import { repositoryRoot } from "./modules.js";

/** A server build a test runs against. */
export interface ServerBuild {
  /** For test names, e.g. `valkey 8.0.1`. */
  name: string;
  /** The binary for `startRedisServer({ binary })`; undefined for the default (REDIS_SERVER_BIN or PATH). */
  binary: string | undefined;
}

/** How to get the other builds; part of the error when one is missing. */
export const SERVER_BUILDS_HINT = [
  "The server matrix needs redis-server-7.4.1 and valkey-server-8.0.1 beside the default redis-server. Either:",
  "  set REDIS_SERVERS_DIR to a folder holding both (build them from their sources: make BUILD_TLS=yes, then copy src/redis-server and src/valkey-server under those names),",
  "  or put them in the shared servers folder beside this repository (../shared/servers/).",
].join("\n");

const OTHER_BUILDS = [
  { name: "redis 7.4.1", file: "redis-server-7.4.1" },
  { name: "valkey 8.0.1", file: "valkey-server-8.0.1" },
];

/**
 * Every server build the compatibility tests cover: the default redis-server (7.0 on the CI
 * machines), Redis 7.4.1 and Valkey 8.0.1. The other builds come from `REDIS_SERVERS_DIR`, else
 * `../shared/servers/` beside the repository, else `/work/shared/servers/`.
 * @throws Error saying how to get a missing build (never a silent skip).
 */
export function serverBuilds(): ServerBuild[] {
  const root = repositoryRoot();
  const directories = process.env.REDIS_SERVERS_DIR
    ? [resolve(process.env.REDIS_SERVERS_DIR)]
    : [...(root ? [resolve(root, "..", "shared", "servers")] : []), "/work/shared/servers"];
  const builds: ServerBuild[] = [{ name: `default (${findRedisServerBinary() ?? "container"})`, binary: undefined }];
  for (const build of OTHER_BUILDS) {
    const binary = directories.map((directory) => join(directory, build.file)).find((path) => existsSync(path));
    if (!binary) throw new Error(`No ${build.file} found (looked in ${directories.join(", ")}).\n${SERVER_BUILDS_HINT}`);
    builds.push({ name: build.name, binary });
  }
  return builds;
}
