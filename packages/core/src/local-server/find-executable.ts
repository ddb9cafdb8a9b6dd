import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * The path of an executable found on `PATH` (of `environment`, by default this process's), or
 * undefined when there is none: how the MCP server finds `redis-server` for its private Redis and
 * the test tooling finds the binary it spawns.
 * @example const binary = process.env.REDIS_SERVER_BIN || findExecutable("redis-server");
 */
export function findExecutable(name: string, environment: Record<string, string | undefined> = process.env): string | undefined {
  for (const directory of (environment.PATH ?? "").split(delimiter)) {
    if (!directory) continue;
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here, or not executable
    }
  }
  return undefined;
}
