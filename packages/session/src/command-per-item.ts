import { pipelineBySlot, type RedisClient, RedisMcpError, type SlotWork } from "@redis-mcp/core";

/** The pipeline a command is queued on (ioredis's, through core's type). */
type Pipeline = Parameters<SlotWork["queue"]>[0];

/** One item's outcome: its coded error, or its reply. */
export type ItemOutcome = [error: RedisMcpError | null, reply: unknown];

/**
 * Sends one command per item, grouped by the node serving `keyOf(item)` (one round trip per node,
 * nodes in parallel), and returns each item's own error or reply in the caller's order, so one
 * failed key does not hide the outcome of the others (bulk destroys report what they did).
 */
export async function commandPerItem<Item>(
  client: RedisClient,
  items: readonly Item[],
  keyOf: (item: Item) => string,
  queue: (pipeline: Pipeline, item: Item) => unknown,
  operation: string,
): Promise<ItemOutcome[]> {
  const replies = await pipelineBySlot(
    client,
    operation,
    items.map((item) => ({ key: keyOf(item), queue: (pipeline: Pipeline) => void queue(pipeline, item) })),
    { settle: true },
  );
  return replies.map(([reply]) => (RedisMcpError.isInstance(reply) ? [reply, null] : [null, reply ?? null]));
}
