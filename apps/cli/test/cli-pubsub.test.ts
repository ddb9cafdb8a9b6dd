import { isCluster, nodeAddress, type RedisClient, slotOf } from "@redis-mcp/core";
import { createPubSub, type PubSubMessage } from "@redis-mcp/pubsub";
import type { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson, stable, type Target, targets } from "./support/cli.js";

/** Resolves once `channel` has `count` subscribers anywhere (the CLI subscribed). */
async function subscribersReached(target: Target, channel: string, count: number): Promise<void> {
  const pubsub = createPubSub(target.client, { onError: () => {} });
  try {
    const deadline = Date.now() + 20_000;
    while ((await pubsub.subscriberCounts(channel))[channel] !== count) {
      if (Date.now() > deadline) throw new Error(`${channel} never had ${count} subscribers`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await pubsub.close();
  }
}

/**
 * The connection a raw PUBLISH must take to keep its order with the package's messages: on a cluster
 * the package publishes through the master owning the channel's slot, and messages that enter the
 * cluster bus at two different nodes may arrive in either order.
 */
function publisherBeside(client: RedisClient, channel: string): RedisClient {
  if (!isCluster(client)) return client;
  const owner = (client as Cluster).slots[slotOf(channel)]?.[0];
  const node = client.nodes("master").find((candidate) => nodeAddress(candidate) === owner);
  if (node === undefined) throw new Error(`no master owns the slot of ${channel}`);
  return node;
}

describe.each(targets)("pubsub commands on $name", (target) => {
  let redis: Target;
  beforeAll(async () => {
    redis = await target.connect();
  });
  afterAll(() => redis.close());

  it("subscribe --count N prints N messages as one JSON document and exits 0", async () => {
    const running = runJson<{ channels: string[]; messages: { channel: string; id?: string; data: unknown; raw?: boolean }[] }>([
      "pubsub",
      "subscribe",
      "orders",
      "--count",
      "2",
      ...redis.flags,
    ]);
    await subscribersReached(redis, "orders", 1);
    const pubsub = createPubSub(redis.client);
    await pubsub.publish("orders", { id: 7 });
    await publisherBeside(redis.client, "orders").publish("orders", "not an envelope");
    await pubsub.publish("orders", "third, not taken");
    await pubsub.close();
    const { code, json, stderr } = await running;
    expect(code).toBe(0);
    expect(stderr).toBe("subscribed to orders; waiting for 2 messages (Ctrl-C to stop)\n");
    expect(json.channels).toEqual(["orders"]);
    expect(json.messages).toEqual([
      { channel: "orders", id: expect.any(String), timestamp: expect.any(Number), data: { id: 7 } },
      { channel: "orders", data: "not an envelope", raw: true },
    ]);
  });

  it("subscribe prints a line per message for people, and takes patterns with --pattern", async () => {
    const running = runCli(["pubsub", "subscribe", "news.*", "--pattern", "--count", "2", ...redis.flags]);
    const pubsub = createPubSub(redis.client);
    const deadline = Date.now() + 20_000;
    while ((await pubsub.patternCount()) < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await pubsub.publish("news.tech", { title: "TS 7" });
    await pubsub.publish("weather", "not matched");
    await pubsub.publish("news.sport", "goal");
    await pubsub.close();
    const run = await running;
    expect(run.code).toBe(0);
    expect(run.stdout.replace(/^\d\d:\d\d:\d\d\.\d{3} /gm, "<time> ")).toBe('<time> news.tech {"title":"TS 7"}\n<time> news.sport goal\n');
  });

  it("subscribe --timeout ends the wait; short of --count it exits 1 with one line", async () => {
    const run = await runJson<{ messages: unknown[] }>(["pubsub", "subscribe", "quiet", "--count", "1", "--timeout", "300ms", ...redis.flags]);
    expect(run.code).toBe(1);
    expect(run.json.messages).toEqual([]);
    expect(run.stderr.split("\n").filter(Boolean).at(-1)).toBe("redis-mcp: 0 messages of 1 arrived before the timeout.");
  });

  it("publish sends an envelope that subscribers of the package receive", async () => {
    const pubsub = createPubSub(redis.client);
    const received: PubSubMessage[] = [];
    await pubsub.subscribe("alerts", (message) => {
      received.push(message);
    });
    const run = await runJson(["pubsub", "publish", "alerts", '{"level":"high"}', "--as", "json", ...redis.flags]);
    // On a cluster PUBLISH counts only the receivers on the node that took it; every node still delivers.
    expect(run.json).toEqual({ channel: "alerts", receivers: redis.name === "cluster" ? expect.any(Number) : 1 });
    const text = await runCli(["pubsub", "publish", "alerts", "plain words", ...redis.flags]);
    expect(text.stdout).toMatch(redis.name === "cluster" ? /^published to alerts: [01] receivers?\n$/ : /^published to alerts: 1 receiver\n$/);
    const deadline = Date.now() + 10_000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received.map((message) => message.data)).toEqual([{ level: "high" }, "plain words"]);
    await pubsub.close();
  });

  it("channels lists channels with subscribers on every node, with counts", async () => {
    const first = createPubSub(redis.client);
    const second = createPubSub(redis.client);
    await first.subscribe(["jobs", "chat.room1"], () => {});
    await second.subscribe("jobs", () => {});
    const all = await runJson(["pubsub", "channels", ...redis.flags]);
    expect(all.json).toEqual({
      pattern: null,
      channels: [
        { name: "chat.room1", subscribers: 1 },
        { name: "jobs", subscribers: 2 },
      ],
    });
    const matching = await runJson(["pubsub", "channels", "chat.*", ...redis.flags]);
    expect(matching.json).toEqual({ pattern: "chat.*", channels: [{ name: "chat.room1", subscribers: 1 }] });
    const outputs = [await runCli(["pubsub", "channels", ...redis.flags]), await runCli(["pubsub", "channels", "none.*", ...redis.flags])].map((run) =>
      stable(run.stdout),
    );
    expect(outputs).toMatchSnapshot();
    await first.close();
    await second.close();
  });

  it("refuses bad input with exit 2", async () => {
    const noChannel = await runCli(["pubsub", "subscribe", ...redis.flags]);
    expect(noChannel).toMatchObject({ code: 2, stderr: "redis-mcp: missing required argument 'channels'\n" });
    const badCount = await runCli(["pubsub", "subscribe", "x", "--count", "0", ...redis.flags]);
    expect(badCount).toMatchObject({
      code: 2,
      stderr: "redis-mcp: option '--count <n>' argument '0' is invalid. expected a whole number of at least 1, got \"0\".\n",
    });
    const conflicting = await runCli(["pubsub", "subscribe", "x", "--pattern", "--sharded", ...redis.flags]);
    expect(conflicting.code).toBe(2);
    expect(conflicting.stderr).toMatch(/^redis-mcp: option '--sharded' cannot be used with option '--pattern'\n$/);
  });
});
