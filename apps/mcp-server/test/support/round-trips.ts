import type { Cluster, Redis } from "ioredis";
import { type ServerTarget, TARGETS } from "./topologies.js";

/** The standalone target: round trips are counted on one server. */
export function standaloneTarget(): () => Promise<ServerTarget> {
  const standalone = TARGETS.find((target) => target.name === "standalone");
  if (!standalone) throw new Error("no standalone target");
  return standalone.target;
}

async function readsProcessed(raw: Redis | Cluster): Promise<number> {
  return Number(/total_reads_processed:(\d+)/.exec(await raw.info("stats"))?.[1]);
}

/**
 * The round trips `work` took: how often Redis read from client sockets meanwhile (commands written
 * together are read together), less the read of the INFO that measures it. Standalone only.
 */
export async function roundTripsOf(raw: Redis | Cluster, work: () => Promise<unknown>): Promise<number> {
  const before = await readsProcessed(raw);
  await work();
  return (await readsProcessed(raw)) - before - 1;
}
