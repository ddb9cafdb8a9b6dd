import { blockingWindowMs, type RedisClient } from "../client/redis-client.js";

/**
 * Waits up to `waitMs` for a blocking command to return something. ioredis' commandTimeout also
 * cuts off blocking commands (and a reply arriving after that is lost, possibly with a popped
 * element in it), so a wait longer than the client allows runs as several shorter blocks.
 * @param attempt Sends the blocking command for `windowMs` and resolves `null` when it timed out.
 */
export async function waitWithinCommandTimeout<T>(client: RedisClient, waitMs: number, attempt: (windowMs: number) => Promise<T | null>): Promise<T | null> {
  const windowMs = blockingWindowMs(client);
  if (waitMs <= windowMs) return attempt(waitMs);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const remaining = deadline - Date.now();
    const reply = await attempt(Math.max(1, Math.min(remaining, windowMs)));
    if (reply !== null || deadline - Date.now() <= 0) return reply;
  }
}

/** Milliseconds as the seconds argument of BLPOP/BLMPOP/BLMOVE (decimals allowed since Redis 6.0). */
export function toTimeoutSeconds(milliseconds: number): string {
  return (milliseconds / 1000).toFixed(3);
}
