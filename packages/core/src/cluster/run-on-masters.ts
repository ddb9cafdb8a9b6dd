import type { ChainableCommander, Redis } from "ioredis";
import { execBatchEntries } from "../client/exec-batch.js";
import { RedisTimeoutError } from "../errors/errors.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import { RedisMcpError } from "../errors/redis-mcp-error.js";
import { chunk } from "./chunk.js";
import type { NodeGroup } from "./node-groups.js";

/** What {@link runOnMasters} sends for each chunk of keys, and what it does with the replies. */
export interface MasterWork {
  /**
   * Chunks hold the keys of one slot (plain multi-key commands), or else the keys of every slot
   * the master serves (cross-slot scripts).
   */
  perSlot: boolean;
  /** Queues the command(s) for one chunk; returns how many it queued when more than one. */
  queue(pipeline: ChainableCommander, group: NodeGroup, indices: number[]): unknown;
  /**
   * Sends one chunk as a single command straight on the connection, skipping the pipeline when a
   * master has only one chunk (the common case for scripts); must send what `queue` would queue.
   */
  send?(connection: Redis, group: NodeGroup, indices: number[]): Promise<unknown>;
  /** For script work: queues the chunk again with EVAL after the node answered NOSCRIPT. */
  onNoScript?(pipeline: ChainableCommander, indices: number[]): unknown;
  /** Called with each reply of a chunk whose commands all succeeded. */
  collect(reply: unknown, indices: number[]): void;
}

/** What became of a master's chunks: positions it refused, and chunks to send again with EVAL. */
interface Outcome {
  refused: number[];
  missingScript: number[][];
}

function isTimeout(error: unknown): boolean {
  return RedisMcpError.isInstance(error) && error.code === RedisTimeoutError.code;
}

/** One chunk as one command straight on the connection: no pipeline to build for the common case. */
async function sendAlone(group: NodeGroup, indices: number[], operation: string, work: MasterWork & Required<Pick<MasterWork, "send">>): Promise<Outcome> {
  try {
    work.collect(await work.send(group.connection, group, indices), indices);
    return { refused: [], missingScript: [] };
  } catch (error) {
    if (error instanceof Error && work.onNoScript && error.message.startsWith("NOSCRIPT")) return { refused: [], missingScript: [indices] };
    const coded = toRedisMcpError(error, `${operation} on ${group.address}`);
    if (isTimeout(coded)) throw coded;
    return { refused: indices, missingScript: [] };
  }
}

/** The chunks in one pipeline; `reload` sends them with EVAL (after NOSCRIPT) instead of `queue`. */
async function sendPipelined(group: NodeGroup, chunks: number[][], operation: string, work: MasterWork, reload: boolean): Promise<Outcome> {
  const pipeline = group.connection.pipeline();
  // Which chunk each reply belongs to (a chunk may queue several commands).
  const owners: number[][] = [];
  for (const indices of chunks) {
    const queued = reload ? work.onNoScript?.(pipeline, indices) : work.queue(pipeline, group, indices);
    const commands = typeof queued === "number" ? queued : 1;
    for (let command = 0; command < commands; command++) owners.push(indices);
  }
  let entries: [Error | null, unknown][];
  try {
    entries = await execBatchEntries(pipeline, `${operation} on ${group.address}`);
  } catch (error) {
    if (isTimeout(error)) throw error;
    return { refused: chunks.flat(), missingScript: [] };
  }
  const failed = new Set<number[]>();
  const missingScript = new Set<number[]>();
  entries.forEach(([error], position) => {
    const indices = owners[position] as number[];
    if (!error) return;
    if (!reload && work.onNoScript && error.message.startsWith("NOSCRIPT")) missingScript.add(indices);
    else failed.add(indices);
  });
  entries.forEach(([, reply], position) => {
    const indices = owners[position] as number[];
    if (!failed.has(indices) && !missingScript.has(indices)) work.collect(reply, indices);
  });
  return { refused: [...failed].flat(), missingScript: [...missingScript].filter((indices) => !failed.has(indices)) };
}

/**
 * Sends each master's chunks on that master's own connection (one command, or one pipeline), all
 * masters in parallel: one round trip per master, two the first time a script meets a node that
 * does not have it (NOSCRIPT, then EVAL). Returns the key positions of chunks the node refused
 * (MOVED, ASK, a script that met a key the node does not serve, a closed node connection), for the
 * caller to send through the cluster client, which follows redirections. A timeout is thrown, not
 * retried: it already took the whole budget.
 * @throws RedisTimeoutError (`E_TIMEOUT`) when a master does not answer in time.
 */
export async function runOnMasters(groups: readonly NodeGroup[], operation: string, chunkSize: number, work: MasterWork): Promise<number[]> {
  const outcomes = await Promise.all(
    groups.map(async (group) => {
      const chunks = work.perSlot ? group.slots.flatMap((slotGroup) => chunk(slotGroup.indices, chunkSize)) : chunk(group.indices, chunkSize);
      const { send } = work;
      const first =
        chunks.length === 1 && send
          ? await sendAlone(group, chunks[0] as number[], operation, { ...work, send })
          : await sendPipelined(group, chunks, operation, work, false);
      if (first.missingScript.length === 0) return first.refused;
      const second = await sendPipelined(group, first.missingScript, operation, work, true);
      return [...first.refused, ...second.refused];
    }),
  );
  return outcomes.flat();
}
