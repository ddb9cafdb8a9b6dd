import type { RedisClient } from "../client/redis-client.js";
import { isOwned } from "./ownership.js";

/**
 * Closes a client core created: QUIT (pending replies arrive first), then a hard disconnect
 * if QUIT does not finish within `timeoutMs`. A caller's own client is left open.
 * @returns true when the client was closed, false when it belongs to the caller.
 */
export async function closeRedis(client: RedisClient, options: { timeoutMs?: number } = {}): Promise<boolean> {
  if (!isOwned(client)) return false;
  if (client.status === "end") return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, options.timeoutMs ?? 2_000);
  });
  const ended = new Promise<void>((resolve) => client.once("end", () => resolve()));
  try {
    await Promise.race([client.quit().catch(() => undefined), timeout]);
    client.disconnect();
    // The socket closes after QUIT's reply; callers expect status "end" once this resolves.
    await Promise.race([ended, timeout]);
  } finally {
    clearTimeout(timer);
  }
  return true;
}
