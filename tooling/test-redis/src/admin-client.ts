import { Redis } from "ioredis";

/**
 * A short-lived connection for setting servers up: no retries and no offline queue, so a dead
 * server fails the setup at once instead of hanging it.
 */
export function adminClient(port: number, password?: string): Redis {
  return new Redis({
    host: "127.0.0.1",
    port,
    password,
    lazyConnect: true,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5_000,
  });
}

/** Polls `check` every 50 ms until it returns true; throws `describe()` after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, describe: () => string | Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(await describe());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
