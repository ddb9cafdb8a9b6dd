import type { ParsedArguments } from "./parse-arguments.js";

/**
 * Warnings about the command line itself, for stderr. A password in `--redis-url` is readable by
 * every user of the machine (the process list shows arguments); the environment is not.
 */
export function commandLineWarnings(parsed: ParsedArguments): string[] {
  const url = (parsed.redisFlags as { url?: unknown }).url;
  if (typeof url !== "string") return [];
  let password = "";
  try {
    password = new URL(url).password;
  } catch {
    // Core reports a malformed URL with the fix; nothing to warn about here.
  }
  if (!password) return [];
  return [
    "redis-mcp-server: warning: --redis-url contains a password, and other users of this machine can read it in the process list. Pass the URL in REDIS_URL (or the password in REDIS_PASSWORD) instead.",
  ];
}
