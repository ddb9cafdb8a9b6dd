import type { RedisClient } from "../client/redis-client.js";
import { chunk } from "../cluster/chunk.js";
import type { RedisScript } from "../scripts/redis-script.js";
import type { BloomKeys } from "./bloom-keys.js";
import type { BloomParameters } from "./bloom-parameters.js";
import { type BloomItem, bloomDigest } from "./bloom-positions.js";
import { MAX_ARGUMENTS_PER_COMMAND, runInOnePipeline } from "./one-pipeline.js";

/** How a digest script treats a filter it did not expect (see bloom-scripts.ts). */
export type DigestMode = "strict" | "adopt";

/** One flag per item, or the first non-flag reply (`mismatch`, `implementation` or `missing`). */
export interface DigestReply {
  refusal: string[] | undefined;
  flags: boolean[];
}

const HEADER_ARGUMENTS = 5;
const ITEMS_PER_CALL = Math.floor((MAX_ARGUMENTS_PER_COMMAND - HEADER_ARGUMENTS) / 2);

function refusalOf(reply: unknown): string[] | undefined {
  return Array.isArray(reply) && typeof reply[0] === "string" ? reply.map(String) : undefined;
}

/**
 * Runs an add or check digest script over the items: items travel as their two digest words and
 * the script turns them into bit positions with the filter's stored size. One call, or for very
 * long lists several in one pipeline: one round trip either way.
 */
export async function runDigestScript(
  client: RedisClient,
  keys: BloomKeys,
  script: RedisScript,
  mode: DigestMode,
  parameters: BloomParameters,
  items: readonly BloomItem[],
): Promise<DigestReply> {
  const scriptKeys = [keys.parameters, keys.bits];
  const header = [mode, String(parameters.capacity), String(parameters.errorRate), parameters.bits, parameters.hashes];
  const argumentsFor = (part: readonly BloomItem[]) => [...header, ...part.flatMap(bloomDigest)];
  let replies: unknown[];
  if (items.length <= ITEMS_PER_CALL) {
    replies = [await script.run(client, scriptKeys, argumentsFor(items))];
  } else {
    script.prepare(client);
    replies = await runInOnePipeline(client, `script ${script.definition.name}`, (pipeline) => {
      for (const part of chunk(items, ITEMS_PER_CALL)) script.queue(client, pipeline, scriptKeys, argumentsFor(part));
    });
  }
  const refusal = replies.map(refusalOf).find((reply) => reply !== undefined);
  return { refusal, flags: refusal ? [] : replies.flatMap((reply) => (reply as number[]).map((flag) => flag === 1)) };
}
