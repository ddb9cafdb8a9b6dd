import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCluster, masterNodes, type RedisClient } from "../src/client/redis-client.js";
import { createQueue } from "../src/queue/queue.js";
import type { QueueJob } from "../src/queue/queue-types.js";
import { topologies } from "./topologies.js";

const builtQueue = fileURLToPath(new URL("../dist/queue/queue.js", import.meta.url));
const consumerScript = fileURLToPath(new URL("./fixtures/queue-consumer.mjs", import.meta.url));

/** How the child reaches the same server: standalone port, or the cluster's masters. */
function connectionOf(client: RedisClient): object {
  const address = (node: Redis) => ({ host: node.options.host ?? "127.0.0.1", port: node.options.port });
  return isCluster(client) ? { startupNodes: masterNodes(client).map(address) } : address(client);
}

describe.each(topologies)("queue consumer crash on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("loses nothing when a consumer is killed mid-job: another consumer gets it after the visibility timeout", async () => {
    if (!existsSync(builtQueue)) throw new Error(`${builtQueue} is missing: run \`pnpm --filter @redis-mcp/core build\` first (pnpm test builds it).`);
    const queue = createQueue<{ invoice: number }>(redis, { name: "crash" });
    const id = await queue.enqueue({ invoice: 42 });

    const child = spawn(process.execPath, [consumerScript, builtQueue, JSON.stringify(connectionOf(redis)), "crash", "1000"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("\n")) resolve(output.slice(0, output.indexOf("\n")));
        });
        child.once("exit", (code) => reject(new Error(`consumer exited (${code}) before taking a job; output: ${output}`)));
      });
      const taken = JSON.parse(line) as QueueJob<{ invoice: number }>;
      expect(taken).toMatchObject({ id, attempts: 1, payload: { invoice: 42 } });
    } finally {
      child.kill("SIGKILL");
    }
    expect(await exited).toBe("SIGKILL");

    // The dead consumer's delivery is still in flight: nothing but the deadline returns it.
    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 1, delayed: 0, deadLetter: 0 });
    const [redelivered] = await queue.dequeue({ waitMs: 20_000 });
    expect(redelivered).toMatchObject({ id, attempts: 2, payload: { invoice: 42 } });
    if (!redelivered) throw new Error("no redelivery");
    expect(await queue.ack(redelivered)).toBe(true);
    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 0, delayed: 0, deadLetter: 0 });
  });
});
