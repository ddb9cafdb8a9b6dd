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

/**
 * Sends each master's chunks in one pipeline on that master's own connection, all masters in
 * parallel: one round trip per master (two the first time a script meets a node without it).
 * Returns the key positions of chunks the node refused (MOVED, ASK, a script that met a key the node
 * does not serve, a closed node connection), for the caller to send through the cluster client,
 * which follows redirections. A timeout is thrown, not retried: it already took the whole budget.
 * @throws RedisTimeoutError (`E_TIMEOUT`) when a master does not answer in time.
 */
export async function runOnMasters(groups: readonly NodeGroup[], operation: string, chunkSize: number, work: MasterWork): Promise<number[]> {
  const refused: number[] = [];
  await Promise.all(
    groups.map(async (group) => {
      let pending = work.perSlot ? group.slots.flatMap((slotGroup) => chunk(slotGroup.indices, chunkSize)) : chunk(group.indices, chunkSize);
      if (pending.length === 1 && work.send) {
        const indices = pending[0] as number[];
        try {
          work.collect(await work.send(group.connection, group, indices), indices);
          return;
        } catch (error) {
          const coded = toRedisMcpError(error, `${operation} on ${group.address}`);
          if (coded.code === RedisTimeoutError.code) throw coded;
          // NOSCRIPT goes on to the pipeline below, which loads the script with EVAL.
          if (!(error instanceof Error && error.message.startsWith("NOSCRIPT") && work.onNoScript)) {
            refused.push(...indices);
            return;
          }
        }
      }
      for (let attempt = pending.length === 1 && work.send ? 1 : 0; pending.length > 0; attempt++) {
        const pipeline = group.connection.pipeline();
        // Which chunk each reply belongs to (a chunk may queue several commands).
        const owners: number[][] = [];
        for (const indices of pending) {
          const queued = attempt === 0 ? work.queue(pipeline, group, indices) : work.onNoScript?.(pipeline, indices);
          const commands = typeof queued === "number" ? queued : 1;
          for (let command = 0; command < commands; command++) owners.push(indices);
        }
        let entries: [Error | null, unknown][];
        try {
          entries = await execBatchEntries(pipeline, `${operation} on ${group.address}`);
        } catch (error) {
          if (RedisMcpError.isInstance(error) && error.code === RedisTimeoutError.code) throw error;
          for (const indices of pending) refused.push(...indices);
          return;
        }
        const failed = new Set<number[]>();
        const missingScript = new Set<number[]>();
        entries.forEach(([error], position) => {
          const indices = owners[position] as number[];
          if (!error) return;
          if (attempt === 0 && work.onNoScript && error.message.startsWith("NOSCRIPT")) missingScript.add(indices);
          else failed.add(indices);
        });
        entries.forEach(([, reply], position) => {
          const indices = owners[position] as number[];
          if (!failed.has(indices) && !missingScript.has(indices)) work.collect(reply, indices);
        });
        for (const indices of failed) refused.push(...indices);
        pending = [...missingScript].filter((indices) => !failed.has(indices));
      }
    }),
  );
  return refused;
}
