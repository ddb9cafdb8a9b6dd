import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import type { RedisClient } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPubSub, type PubSubMessage } from "../src/index.js";
import { topologies } from "./support/topologies.js";
import { Inbox, settlesWithin } from "./support/waiting.js";

const execFileAsync = promisify(execFile);

/** A port to point redis-cli at: the server, or any node of the cluster (classic pub/sub is cluster-wide). */
async function cliPort(topology: (typeof topologies)[number]): Promise<number> {
  const address = await topology.address();
  return "port" in address ? address.port : (address.startupNodes[0]?.port as number);
}

/** `redis-cli SUBSCRIBE` as a child process; resolves once Redis confirmed the subscription. */
async function cliSubscriber(port: number, channel: string): Promise<{ lines: string[]; waitForLines(count: number): Promise<string[]>; stop(): void }> {
  const child: ChildProcessWithoutNullStreams = spawn("redis-cli", ["-p", String(port), "SUBSCRIBE", channel]);
  const lines: string[] = [];
  let buffered = "";
  const waiters: { count: number; resolve(): void }[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    lines.push(...parts);
    for (const waiter of waiters.splice(0)) {
      if (lines.length >= waiter.count) waiter.resolve();
      else waiters.push(waiter);
    }
  });
  const waitForLines = async (count: number) => {
    if (lines.length < count) await settlesWithin(new Promise<void>((resolve) => waiters.push({ count, resolve })), 10_000);
    return lines;
  };
  // "subscribe", channel, count: Redis has the subscription.
  await waitForLines(3);
  return { lines, waitForLines, stop: () => child.kill("SIGKILL") };
}

describe.each(topologies)("interop with redis-cli on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("messages published here arrive in `redis-cli SUBSCRIBE` as JSON envelopes", async () => {
    const subscriber = await cliSubscriber(await cliPort(topology), "interop:out");
    try {
      const pubsub = createPubSub(redis);
      await pubsub.publish("interop:out", { orderId: 7, note: "héllo" });
      const lines = await subscriber.waitForLines(6);
      expect(lines.slice(0, 5)).toEqual(["subscribe", "interop:out", "1", "message", "interop:out"]);
      expect(JSON.parse(lines[5] as string)).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        timestamp: expect.any(Number),
        data: { orderId: 7, note: "héllo" },
      });
      await pubsub.close();
    } finally {
      subscriber.stop();
    }
  });

  it("`redis-cli PUBLISH` of an envelope arrives here", async () => {
    const pubsub = createPubSub(redis);
    const inbox = new Inbox<PubSubMessage>();
    await pubsub.subscribe("interop:in", inbox.push);
    const envelope = JSON.stringify({ id: "from-cli-1", timestamp: 1_764_000_000_000, data: { orderId: 8 } });
    await execFileAsync("redis-cli", ["-p", String(await cliPort(topology)), "PUBLISH", "interop:in", envelope]);
    const [message] = await inbox.waitFor(1);
    expect(message).toEqual({ id: "from-cli-1", timestamp: 1_764_000_000_000, data: { orderId: 8 }, channel: "interop:in" });
    await pubsub.close();
  });
});
