import type { RedisClient } from "../client/redis-client.js";
import { pipelineBySlot } from "../cluster/pipeline-by-slot.js";
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
  const replies = await pipelineBySlot(
    client,
    operation,
    calls.map((call) => ({
      key: call.base,
      queue: (pipeline) =>
        bufferReply ? script.queueBuffer(client, pipeline, [call.base], call.args) : script.queue(client, pipeline, [call.base], call.args),
    })),
  );
  return replies.map(([reply]) => reply);
}
