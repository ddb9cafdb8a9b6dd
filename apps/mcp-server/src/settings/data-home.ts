import { homedir } from "node:os";
import { join } from "node:path";

/** The user's data directory for redis-mcp: XDG on Linux, Application Support on macOS, AppData on Windows. */
export function defaultDataDir(environment: Record<string, string | undefined> = process.env): string {
  if (process.platform === "darwin") return join(homedir(), "Library", "Application Support", "redis-mcp");
  if (process.platform === "win32") return join(environment.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "redis-mcp");
  return join(environment.XDG_DATA_HOME || join(homedir(), ".local", "share"), "redis-mcp");
}
