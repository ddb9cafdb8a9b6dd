import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** An executable on PATH (or undefined). */
export function findExecutable(name: string, environment: Record<string, string | undefined> = process.env): string | undefined {
  for (const directory of (environment.PATH ?? "").split(delimiter)) {
    if (!directory) continue;
    try {
      accessSync(join(directory, name), constants.X_OK);
      return join(directory, name);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}
