import type { Redis } from "ioredis";

async function readsProcessed(raw: Redis): Promise<number> {
  return Number(/total_reads_processed:(\d+)/.exec(await raw.info("stats"))?.[1]);
}

/**
 * The round trips `work` took on a standalone server: how often Redis read from client sockets
 * meanwhile (commands written together are read together), less the read of the INFO that
 * measures it. `raw` must be a separate connection, idle otherwise.
 */
export async function roundTripsOf(raw: Redis, work: () => Promise<unknown>): Promise<number> {
  const before = await readsProcessed(raw);
  await work();
  return (await readsProcessed(raw)) - before - 1;
}
