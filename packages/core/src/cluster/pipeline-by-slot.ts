import type { ChainableCommander } from "ioredis";
import { type BatchEntry, execBatchEntries } from "../client/exec-batch.js";
import type { RedisClient } from "../client/redis-client.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import { planBySlot } from "./slot-plan.js";

/** Commands about one hash slot: `key` names the slot, `queue` adds commands whose keys all live in it. */
export interface SlotWork {
  /** Any key of the slot (hash tags honoured); it decides which node the commands go to. */
  key: string;
  /** Adds the commands to the node's pipeline (plain commands or `script.queue(...)`). */
  queue(pipeline: ChainableCommander): void;
}

/** Options for {@link pipelineBySlot}. */
export interface PipelineBySlotOptions {
  /**
   * Hand failures back instead of throwing: a failed command's reply is its coded error, and
   * every reply of a node that did not answer is that node's error. For callers that must know
   * which items were applied (e.g. to retry only the others). Default false.
   */
  settle?: boolean;
}

/**
 * Runs work about many hash slots in one round trip per node: the work is grouped by the master
 * serving each slot, each node gets one pipeline, all nodes in parallel. Returns each work item's
 * replies in the caller's order. On a standalone server everything goes in one pipeline. Scripts
 * queued here must be `prepare`d on the client first.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, or the coded error of the first failed command), unless `settle`.
 * @example
 * const [first, second] = await pipelineBySlot(redis, "read counters", [
 *   { key: "{a}:count", queue: (pipeline) => pipeline.get("{a}:count") },
 *   { key: "{b}:count", queue: (pipeline) => pipeline.get("{b}:count") },
 * ]); // [["1"], ["2"]]
 */
export async function pipelineBySlot(
  client: RedisClient,
  operation: string,
  work: readonly SlotWork[],
  options: PipelineBySlotOptions = {},
): Promise<unknown[][]> {
  const results: unknown[][] = new Array(work.length);
  if (work.length === 0) return results;
  const batches = planBySlot(
    client,
    work.map((item) => item.key),
  );
  await Promise.all(
    batches.map(async (batch) => {
      const pipeline = client.pipeline();
      // [work index, number of commands it queued], in pipeline order.
      const spans: [number, number][] = [];
      for (const group of batch.slots) {
        for (const index of group.indices) {
          const before = pipeline.length;
          (work[index] as SlotWork).queue(pipeline);
          spans.push([index, pipeline.length - before]);
        }
      }
      let replies: BatchEntry[];
      try {
        replies = await execBatchEntries(pipeline, operation);
      } catch (error) {
        if (!options.settle) throw error;
        for (const [index, count] of spans) results[index] = new Array<unknown>(count).fill(error);
        return;
      }
      let position = 0;
      for (const [index, count] of spans) {
        const mine: unknown[] = [];
        for (let command = 0; command < count; command++) {
          const [failure, reply] = replies[position++] ?? [new Error("Connection is closed."), undefined];
          if (failure && !options.settle) throw toRedisMcpError(failure, operation);
          mine.push(failure ? toRedisMcpError(failure, operation) : reply);
        }
        results[index] = mine;
      }
    }),
  );
  return results;
}
