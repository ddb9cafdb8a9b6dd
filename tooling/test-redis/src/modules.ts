import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** How to get the RedisBloom module; part of the error when it cannot be found. */
export const REDIS_BLOOM_HINT = [
  "The RedisBloom module is needed to test the module code paths against the real module. Either:",
  "  set REDIS_BLOOM_MODULE=/path/to/redisbloom.so (build it: git clone --branch v2.4.23 --recursive https://github.com/RedisBloom/RedisBloom && make -C RedisBloom),",
  "  or put redisbloom-<version>.so in the shared modules folder beside this repository (../shared/modules/).",
].join("\n");

/** The repository root: the nearest folder above this file with a pnpm-workspace.yaml. */
export function repositoryRoot(): string | undefined {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(directory, "pnpm-workspace.yaml"))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

function bloomModuleIn(directory: string): string | undefined {
  if (!existsSync(directory)) return undefined;
  const found = readdirSync(directory)
    .filter((name) => /^redisbloom.*\.so$/i.test(name))
    .sort()
    .at(-1);
  return found ? join(directory, found) : undefined;
}

/**
 * The RedisBloom module (`.so`) for `startRedisServer({ args: ["--loadmodule", path] })`:
 * `REDIS_BLOOM_MODULE` when set (it must exist), else `redisbloom*.so` in `../shared/modules/`
 * beside the repository root, else in `/work/shared/modules/`.
 * @throws Error saying how to get the module when there is none (never a silent skip).
 */
export function redisBloomModulePath(): string {
  const override = process.env.REDIS_BLOOM_MODULE;
  if (override) {
    if (!existsSync(override)) throw new Error(`REDIS_BLOOM_MODULE=${override} does not exist.\n${REDIS_BLOOM_HINT}`);
    return resolve(override);
  }
  const root = repositoryRoot();
  const candidates = [...(root ? [resolve(root, "..", "shared", "modules")] : []), "/work/shared/modules"];
  for (const directory of candidates) {
    const found = bloomModuleIn(directory);
    if (found) return found;
  }
  throw new Error(`No RedisBloom module found (looked in ${candidates.join(", ")}).\n${REDIS_BLOOM_HINT}`);
}
