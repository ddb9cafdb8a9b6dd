import type { ChainableCommander } from "ioredis";
import type { RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import type { RedisMcpError } from "../errors/redis-mcp-error.js";
import { planBySlot } from "./slot-plan.js";

/** The outcome of one command of {@link pipelineByNode}: a coded error, or the reply. */
export type NodeReply = [error: RedisMcpError | null, reply: unknown];

/**
 * Sends one command per item, each about one key (or keys of one slot), on a standalone server or
 * a cluster: the items are grouped by the node serving their key, each node gets one pipeline, and
 * all nodes are asked in parallel (one round trip per node, whatever the number of items). The
 * outcomes come back in the caller's order, each its own error or reply, so one bad key does not
 * hide the others; a node that cannot be reached fails every item sent to it.
 *
 * `queue` must add exactly one command to the pipeline. Scripts queued in it must be prepared on
 * the client first (`script.prepare(client)`): ioredis pipelines only know scripts defined before.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) when `queue` adds no command or more than one.
 * @example
 * const outcomes = await pipelineByNode(redis, ["{a}:x", "{b}:y"], (key) => key, (pipeline, key) => pipeline.hgetall(key), "read sessions");
 */
export async function pipelineByNode<Item>(
  client: RedisClient,
  items: readonly Item[],
  keyOf: (item: Item) => string,
  queue: (pipeline: ChainableCommander, item: Item) => unknown,
  operation: string,
): Promise<NodeReply[]> {
  const outcomes: NodeReply[] = new Array(items.length);
  if (items.length === 0) return outcomes;
  const batches = planBySlot(
    client,
    items.map((item) => keyOf(item)),
  );
  await Promise.all(
    batches.map(async (batch) => {
      const indices = batch.slots.flatMap((group) => group.indices);
      const pipeline = client.pipeline();
      for (const index of indices) {
        const before = pipeline.length;
        queue(pipeline, items[index] as Item);
        if (pipeline.length !== before + 1) {
          throw new InvalidArgumentError(`${operation}: each item must queue exactly one command, one queued ${pipeline.length - before}.`);
        }
      }
      let replies: [Error | null, unknown][] | null;
      try {
        replies = await pipeline.exec();
      } catch (error) {
        const failure = toRedisMcpError(error, operation);
        for (const index of indices) outcomes[index] = [failure, null];
        return;
      }
      indices.forEach((index, position) => {
        const [error, reply] = replies?.[position] ?? [new Error("no reply"), null];
        outcomes[index] = error ? [toRedisMcpError(error, operation), null] : [null, reply];
      });
    }),
  );
  return outcomes;
}
