import type { ChainableCommander } from "ioredis";
import { toRedisMcpError } from "../errors/map-redis-error.js";

/** One command's outcome in a pipeline or MULTI, as ioredis reports it: `[error, reply]`. */
export type BatchEntry = [Error | null, unknown];

/**
 * Sends a queued pipeline or MULTI (one round trip) and returns each command's `[error, reply]`,
 * leaving per-command errors for the caller to judge. The one place core runs a batch: a failed
 * round trip, or a batch Redis discarded, becomes a coded error naming `operation`.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, ...) when the round trip fails.
 */
export async function execBatchEntries(batch: ChainableCommander, operation: string): Promise<BatchEntry[]> {
  let entries: BatchEntry[] | null;
  try {
    entries = await batch.exec();
  } catch (error) {
    throw toRedisMcpError(error, operation);
  }
  // null: the connection closed before EXEC answered (core never WATCHes, so it is not an abort).
  if (!entries) throw toRedisMcpError(new Error("Connection is closed."), operation);
  return entries;
}

/**
 * Sends a queued pipeline or MULTI (one round trip) and returns the replies in order.
 * @throws RedisMcpError for the first command Redis rejected, or when the round trip fails.
 */
export async function execBatch(batch: ChainableCommander, operation: string): Promise<unknown[]> {
  return (await execBatchEntries(batch, operation)).map(([error, reply]) => {
    if (error) throw toRedisMcpError(error, operation);
    return reply;
  });
}
