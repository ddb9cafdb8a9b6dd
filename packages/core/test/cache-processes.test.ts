import { type ChildProcess, spawn } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { isCluster, masterNodes } from "../src/client/redis-client.js";
import { eventually } from "./settles-within.js";
import { closeAll, openCache } from "./support/cache.js";
import { topologies } from "./topologies.js";

const workerScript = fileURLToPath(new URL("./fixtures/cache-worker.mjs", import.meta.url));
// The built package, as users run it (`pnpm build` first; `pnpm test` does).
const builtCache = fileURLToPath(new URL("../dist/cache/index.js", import.meta.url));

/** How a worker reaches the same server: standalone port, or the cluster's masters. */
function connectionOf(client: RedisClient): object {
  const address = (node: Redis) => ({ host: node.options.host ?? "127.0.0.1", port: node.options.port });
  return isCluster(client) ? { startupNodes: masterNodes(client).map(address) } : address(client);
}

/** A worker process and a way to send it a command and read its one-line reply. */
interface Worker {
  process: ChildProcess;
  send(command: object): Promise<Record<string, unknown>>;
}

async function startWorker(client: RedisClient, namespace: string): Promise<Worker> {
  const child = spawn(process.execPath, [workerScript, builtCache, JSON.stringify(connectionOf(client)), namespace], { stdio: ["pipe", "pipe", "inherit"] });
  const lines: Interface = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const replies: ((line: string) => void)[] = [];
  lines.on("line", (line) => replies.shift()?.(line));
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      replies.push((line) => resolve(JSON.parse(line) as Record<string, unknown>));
      child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
    });
  await next(); // { ready }
  return {
    process: child,
    send(command) {
      const reply = next();
      child.stdin?.write(`${JSON.stringify(command)}\n`);
      return reply;
    },
  };
}

describe.each(topologies)("cache across 4 processes on $name", (topology) => {
  let redis: RedisClient;
  let workers: Worker[] = [];
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterEach(async () => {
    await closeAll();
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise((resolve) => {
            worker.process.once("exit", resolve);
            worker.process.stdin?.end(`${JSON.stringify({ op: "exit" })}\n`);
          }),
      ),
    );
    workers = [];
  });
  afterAll(() => redis.disconnect());

  it("1,000 concurrent getOrSet of one missing key in each of 4 processes call the loader once in all", async () => {
    workers = await Promise.all(Array.from({ length: 4 }, () => startWorker(redis, "shared")));
    const replies = await Promise.all(workers.map((worker) => worker.send({ op: "stampede", key: "hot", calls: 1_000, counter: "{loads}:count" })));
    expect(await redis.get("{loads}:count")).toBe("1");
    expect(replies.map((reply) => reply.localLoads).reduce((sum, loads) => Number(sum) + Number(loads), 0)).toBe(1);
    // Every caller in every process got the one loaded value.
    const distinct = new Set(replies.flatMap((reply) => reply.distinct as string[]));
    expect(distinct.size).toBe(1);
  });

  it("a write in one process drops the key from every other process's L1", async () => {
    workers = await Promise.all(Array.from({ length: 4 }, () => startWorker(redis, "shared")));
    const writer = await openCache(redis, { namespace: "shared", ttlMs: 60_000 });
    await writer.set("config", "v1");
    for (const worker of workers) {
      // Read until a read is an L1 hit: the process then holds v1 in memory for a minute.
      await eventually(async () => {
        const reply = await worker.send({ op: "get", key: "config" });
        expect(reply.value).toBe("v1");
        expect((reply.stats as { l1: { hits: number } }).l1.hits).toBeGreaterThan(0);
      });
    }
    await writer.set("config", "v2");
    for (const worker of workers) {
      await eventually(async () => expect((await worker.send({ op: "get", key: "config" })).value).toBe("v2"));
    }
  });
});
