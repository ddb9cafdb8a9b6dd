import type { RedisClient } from "../client/redis-client.js";
import { planBySlot } from "../cluster/slot-plan.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import type { RedisScript, ScriptArgument } from "../scripts/redis-script.js";

/** One script call on one bucket: the bucket's base name and the call's arguments. */
export interface BucketCall {
  base: string;
  args: ScriptArgument[];
}

/**
 * Runs `script` once per call, calls of one node in one pipeline, nodes in parallel: one round
 * trip per node. A single call goes out on its own (no pipeline to build). Replies come back in
 * the order of `calls`; bulk replies are Buffers when `bufferReply` is set.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, ...) when Redis fails.
 */
export async function runBucketCalls(
  client: RedisClient,
  script: RedisScript,
  calls: readonly BucketCall[],
  bufferReply: boolean,
  operation: string,
): Promise<unknown[]> {
  if (calls.length === 0) return [];
  if (calls.length === 1) {
    const [call] = calls as [BucketCall];
    const reply = bufferReply ? await script.runBuffer(client, [call.base], call.args, operation) : await script.run(client, [call.base], call.args, operation);
    return [reply];
  }
  script.prepare(client);
  const replies: unknown[] = new Array(calls.length);
  const batches = planBySlot(
    client,
    calls.map((call) => call.base),
  );
  await Promise.all(
    batches.map(async (batch) => {
      const pipeline = client.pipeline();
      const order: number[] = [];
      for (const group of batch.slots) {
        for (const index of group.indices) {
          const call = calls[index] as BucketCall;
          script.queue(client, pipeline, [call.base], call.args, bufferReply);
          order.push(index);
        }
      }
      let results: [Error | null, unknown][] | null;
      try {
        results = await pipeline.exec();
      } catch (error) {
        throw toRedisMcpError(error, operation);
      }
      results?.forEach(([error, reply], position) => {
        if (error) throw toRedisMcpError(error, operation);
        replies[order[position] as number] = reply;
      });
    }),
  );
  return replies;
}
