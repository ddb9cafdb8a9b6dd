import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { freePort } from "@redis-mcp/core/local-server";
import { adminClient, waitUntil } from "./admin-client.js";
import { startOnFreePorts } from "./free-port-start.js";
import { RedisNode } from "./redis-node.js";
import { standaloneArgs } from "./standalone.js";
import { makeServerDir } from "./temp-dir.js";

/** Options for {@link startRedisSentinel}. */
export interface SentinelOptions {
  /** Name the sentinels monitor (default `mymaster`). */
  masterName?: string;
  /** Number of replicas of the master (default 1). */
  replicas?: number;
  /** Number of sentinels (default 3, quorum 2). */
  sentinels?: number;
  /** Password of the data nodes (`requirepass` + `masterauth`). */
  password?: string;
  /** Password of the sentinels themselves. */
  sentinelPassword?: string;
}

/** An address as Sentinel reports it. */
export interface HostPort {
  host: string;
  port: number;
}

/** A running Sentinel deployment. */
export interface RedisSentinel {
  readonly masterName: string;
  /** The data nodes: the initial master first, then its replicas. */
  readonly dataNodes: RedisNode[];
  readonly sentinels: RedisNode[];
  /** `{ host, port }` of each sentinel, for ioredis `sentinels`. */
  readonly sentinelAddresses: HostPort[];
  /** The master as the sentinels currently see it. */
  currentMaster(): Promise<HostPort>;
  /** Kills the current master (SIGKILL) and resolves with the promoted replica's address. */
  failover(): Promise<HostPort>;
  /** Stops everything and removes the files. */
  stop(): Promise<void>;
}

const DOWN_AFTER_MS = 1000;
const SETTLE_TIMEOUT_MS = 30_000;

function sentinelConfig(port: number, dir: string, masterName: string, masterPort: number, quorum: number, options: SentinelOptions): string {
  const lines = [
    `port ${port}`,
    "bind 127.0.0.1",
    `dir ${dir}`,
    `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} ${quorum}`,
    `sentinel down-after-milliseconds ${masterName} ${DOWN_AFTER_MS}`,
    `sentinel failover-timeout ${masterName} 5000`,
    `sentinel parallel-syncs ${masterName} 1`,
  ];
  if (options.password !== undefined) lines.push(`sentinel auth-pass ${masterName} ${options.password}`);
  if (options.sentinelPassword !== undefined) {
    lines.push(`requirepass ${options.sentinelPassword}`, `sentinel sentinel-pass ${options.sentinelPassword}`);
  }
  return `${lines.join("\n")}\n`;
}

function field(reply: unknown, name: string): string | undefined {
  if (!Array.isArray(reply)) return undefined;
  const index = reply.indexOf(name);
  return index >= 0 ? String(reply[index + 1]) : undefined;
}

/**
 * Starts a master, its replicas and a set of sentinels monitoring it, and waits until every
 * sentinel sees all replicas and all other sentinels (so a failover can be authorised).
 * Takes 2-5 s: sentinels discover each other through hello messages every 2 s.
 */
export async function startRedisSentinel(options: SentinelOptions = {}): Promise<RedisSentinel> {
  const masterName = options.masterName ?? "mymaster";
  const replicaCount = options.replicas ?? 1;
  const sentinelCount = options.sentinels ?? 3;
  const quorum = Math.floor(sentinelCount / 2) + 1;
  const dataNodes: RedisNode[] = [];
  const sentinels: RedisNode[] = [];
  const all = () => [...sentinels, ...dataNodes];
  try {
    const authArgs = options.password === undefined ? [] : ["--masterauth", options.password];
    for (let index = 0; index <= replicaCount; index++) {
      const { node } = await startOnFreePorts(async () => {
        const port = await freePort();
        const dir = await makeServerDir("sentinel-data");
        const masterPort = dataNodes[0]?.port;
        const replicaArgs = masterPort === undefined ? [] : ["--replicaof", "127.0.0.1", String(masterPort)];
        const args = await standaloneArgs(port, dir, { password: options.password, args: [...authArgs, ...replicaArgs] });
        return { node: new RedisNode({ port, dir, args }) };
      });
      dataNodes.push(node);
    }
    const master = dataNodes[0];
    if (!master) throw new Error("internal: no master");
    // Sentinels learn replicas from the master's INFO, which they poll only every 10 s after the
    // first look: start them once every replica is attached so discovery is immediate.
    await waitForReplicas(master, replicaCount, options.password);
    for (let index = 0; index < sentinelCount; index++) {
      const { node } = await startOnFreePorts(async () => {
        const port = await freePort();
        const dir = await makeServerDir("sentinel");
        const configFile = join(dir, "sentinel.conf");
        await writeFile(configFile, sentinelConfig(port, dir, masterName, master.port, quorum, options));
        return { node: new RedisNode({ port, dir, configFile, args: ["--sentinel"] }) };
      });
      sentinels.push(node);
    }
    await waitForSentinels(sentinels, masterName, replicaCount, options.sentinelPassword);
  } catch (error) {
    await Promise.all(all().map((node) => node.dispose()));
    throw error;
  }

  const ask = async <T>(command: (client: ReturnType<typeof adminClient>) => Promise<T>): Promise<T> => {
    let lastError: unknown;
    for (const sentinel of sentinels) {
      if (!sentinel.running) continue;
      const client = adminClient(sentinel.port, options.sentinelPassword);
      try {
        await client.connect();
        return await command(client);
      } catch (error) {
        lastError = error;
      } finally {
        client.disconnect();
      }
    }
    throw lastError ?? new Error("no sentinel is running");
  };
  const currentMaster = () =>
    ask(async (client) => {
      const [host, port] = (await client.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName)) as [string, string];
      return { host, port: Number(port) };
    });

  return {
    masterName,
    dataNodes,
    sentinels,
    sentinelAddresses: sentinels.map((node) => ({ host: node.host, port: node.port })),
    currentMaster,
    async failover() {
      const before = await currentMaster();
      const victim = dataNodes.find((node) => node.port === before.port);
      if (!victim) throw new Error(`master ${before.host}:${before.port} is not one of this deployment's nodes`);
      await victim.kill();
      let promoted: HostPort = before;
      await waitUntil(
        async () => {
          promoted = await currentMaster();
          if (promoted.port === before.port) return false;
          const client = adminClient(promoted.port, options.password);
          try {
            await client.connect();
            return String(await client.call("ROLE")).startsWith("master");
          } finally {
            client.disconnect();
          }
        },
        SETTLE_TIMEOUT_MS,
        () => `no replica was promoted within ${SETTLE_TIMEOUT_MS} ms after killing ${before.port}`,
      );
      return promoted;
    },
    stop: async () => {
      await Promise.all(all().map((node) => node.dispose()));
    },
  };
}

async function waitForSentinels(sentinels: RedisNode[], masterName: string, replicaCount: number, sentinelPassword?: string): Promise<void> {
  const clients = sentinels.map((node) => adminClient(node.port, sentinelPassword));
  try {
    await Promise.all(clients.map((client) => client.connect()));
    let last: unknown[] = [];
    await waitUntil(
      async () => {
        last = await Promise.all(clients.map((client) => client.call("SENTINEL", "MASTER", masterName)));
        return last.every(
          (reply) =>
            Number(field(reply, "num-slaves")) === replicaCount &&
            Number(field(reply, "num-other-sentinels")) === sentinels.length - 1 &&
            field(reply, "flags") === "master",
        );
      },
      SETTLE_TIMEOUT_MS,
      () => `sentinels did not settle within ${SETTLE_TIMEOUT_MS} ms: ${JSON.stringify(last)}`,
    );
  } finally {
    for (const client of clients) client.disconnect();
  }
}

async function waitForReplicas(master: RedisNode, replicaCount: number, password?: string): Promise<void> {
  const client = adminClient(master.port, password);
  try {
    await client.connect();
    await waitUntil(
      async () => {
        const info = String(await client.call("INFO", "replication"));
        return Number(/connected_slaves:(\d+)/.exec(info)?.[1]) === replicaCount && (info.match(/state=online/g)?.length ?? 0) === replicaCount;
      },
      SETTLE_TIMEOUT_MS,
      () => `replicas did not attach to ${master.port} within ${SETTLE_TIMEOUT_MS} ms`,
    );
  } finally {
    client.disconnect();
  }
}
