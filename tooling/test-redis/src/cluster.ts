import { freePort } from "@redis-mcp/core/local-server";
import { adminClient, waitUntil } from "./admin-client.js";
import { startOnFreePorts } from "./free-port-start.js";
import { RedisNode } from "./redis-node.js";
import { standaloneArgs } from "./standalone.js";
import { makeServerDir } from "./temp-dir.js";

/** Options for {@link startRedisCluster}. */
export interface ClusterOptions {
  /** Number of masters sharing the 16384 slots (default 3). */
  masters?: number;
  /** Replicas per master (default 0). */
  replicasPerMaster?: number;
  /** Password on every node (`requirepass` + `masterauth`). */
  password?: string;
  /** Extra redis-server arguments for every node, e.g. `["--loadmodule", path]`. */
  args?: string[];
  /** The server binary of every node (default `REDIS_SERVER_BIN` or PATH). */
  binary?: string;
}

/** A running Redis Cluster. */
export interface RedisCluster {
  /** Every node: masters first, then replicas. */
  readonly nodes: RedisNode[];
  readonly masters: RedisNode[];
  readonly replicas: RedisNode[];
  /** `{ host, port }` of each master, for `new Cluster(startupNodes)`. */
  readonly startupNodes: { host: string; port: number }[];
  /** Stops every node and removes their files. */
  stop(): Promise<void>;
}

const SLOTS = 16384;
const CONVERGE_TIMEOUT_MS = 30_000;

/**
 * Starts a Redis Cluster (Redis 7.0+) on OS-assigned ports with explicit bus ports, assigns slots
 * evenly, joins the nodes with CLUSTER MEET and waits until every node reports `cluster_state:ok`
 * with the same slot map. Takes 1-3 s; share it per worker (see `useRedisCluster`).
 */
export async function startRedisCluster(options: ClusterOptions = {}): Promise<RedisCluster> {
  const masterCount = options.masters ?? 3;
  const replicasPerMaster = options.replicasPerMaster ?? 0;
  if (masterCount < 1) throw new Error("a cluster needs at least one master");
  const total = masterCount * (1 + replicasPerMaster);
  const busPorts: number[] = [];
  const nodes: RedisNode[] = [];
  try {
    // Settled, not all: when one node fails, the others must have started before they are stopped.
    const started = await Promise.allSettled(
      Array.from({ length: total }, () =>
        startOnFreePorts(async () => {
          const port = await freePort();
          // Explicit bus port: the default (port + 10000) overflows for ephemeral ports above 55535.
          const busPort = await freePort();
          const dir = await makeServerDir("cluster");
          const clusterArgs = [
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            "nodes.conf",
            "--cluster-port",
            String(busPort),
            "--cluster-node-timeout",
            "2000",
            // CLUSTER SLOTS hides a replica until its replication offset moves; the master's pings to
            // replicas move it, every 10 s by default. Once a second makes replicas visible quickly.
            "--repl-ping-replica-period",
            "1",
          ];
          if (options.password !== undefined) clusterArgs.push("--masterauth", options.password);
          const args = await standaloneArgs(port, dir, { password: options.password, args: [...clusterArgs, ...(options.args ?? [])] });
          return { node: new RedisNode({ port, dir, args, ...(options.binary ? { binary: options.binary } : {}) }), busPort };
        }),
      ),
    );
    for (const result of started) {
      if (result.status === "fulfilled") {
        nodes.push(result.value.node);
        busPorts.push(result.value.busPort);
      }
    }
    const failed = started.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    await joinCluster(nodes, busPorts, masterCount, replicasPerMaster, options.password);
  } catch (error) {
    await Promise.all(nodes.map((node) => node.dispose()));
    throw error;
  }
  const masters = nodes.slice(0, masterCount);
  return {
    nodes,
    masters,
    replicas: nodes.slice(masterCount),
    startupNodes: masters.map((node) => ({ host: node.host, port: node.port })),
    stop: async () => {
      await Promise.all(nodes.map((node) => node.dispose()));
    },
  };
}

async function joinCluster(nodes: RedisNode[], busPorts: number[], masterCount: number, replicasPerMaster: number, password?: string): Promise<void> {
  const clients = nodes.map((node) => adminClient(node.port, password));
  try {
    await Promise.all(clients.map((client) => client.connect()));
    const ids = (await Promise.all(clients.map((client) => client.call("CLUSTER", "MYID")))).map(String);
    for (let index = 0; index < masterCount; index++) {
      const first = Math.floor((index * SLOTS) / masterCount);
      const last = Math.floor(((index + 1) * SLOTS) / masterCount) - 1;
      const client = clients[index];
      if (!client) throw new Error("internal: missing client");
      await client.call("CLUSTER", "ADDSLOTSRANGE", first, last);
      // Distinct epochs up front, as redis-cli does, so no epoch collision round is needed.
      await client.call("CLUSTER", "SET-CONFIG-EPOCH", index + 1);
    }
    const [seed] = clients;
    if (!seed) throw new Error("internal: no seed node");
    for (let index = 1; index < nodes.length; index++) {
      await seed.call("CLUSTER", "MEET", "127.0.0.1", nodes[index]?.port ?? 0, busPorts[index] ?? 0);
    }
    const describe = async () =>
      `cluster did not converge within ${CONVERGE_TIMEOUT_MS} ms:\n${await Promise.all(clients.map((client) => client.call("CLUSTER", "NODES").catch(String))).then((all) => all.join("\n---\n"))}`;
    await waitUntil(async () => (await Promise.all(clients.map((client) => knowsAll(client, nodes.length)))).every(Boolean), CONVERGE_TIMEOUT_MS, describe);
    for (let index = masterCount; index < nodes.length; index++) {
      const masterIndex = (index - masterCount) % masterCount;
      await clients[index]?.call("CLUSTER", "REPLICATE", ids[masterIndex] ?? "");
    }
    await waitUntil(
      async () => (await Promise.all(clients.map((client) => isSettled(client, masterCount, replicasPerMaster)))).every(Boolean),
      CONVERGE_TIMEOUT_MS,
      describe,
    );
  } finally {
    for (const client of clients) client.disconnect();
  }
}

async function knowsAll(client: ReturnType<typeof adminClient>, total: number): Promise<boolean> {
  const lines = String(await client.call("CLUSTER", "NODES"))
    .trim()
    .split("\n");
  return lines.length === total && lines.every((line) => !/handshake|noaddr|fail/.test(line));
}

async function isSettled(client: ReturnType<typeof adminClient>, masterCount: number, replicasPerMaster: number): Promise<boolean> {
  const info = String(await client.call("CLUSTER", "INFO"));
  if (!info.includes("cluster_state:ok")) return false;
  const slots = (await client.call("CLUSTER", "SLOTS")) as unknown[][];
  if (slots.length !== masterCount) return false;
  // Each slot range lists its master and then its replicas.
  if (!slots.every((range) => range.length - 3 === replicasPerMaster)) return false;
  const replication = String(await client.call("INFO", "replication"));
  if (replication.includes("role:slave")) return replication.includes("master_link_status:up");
  return true;
}
