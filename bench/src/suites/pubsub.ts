import { randomUUID } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createDurableTopic, createPubSub, type PubSub } from "@redis-mcp/pubsub";
import { startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { compare, type Variant } from "../harness.js";
import { median } from "../statistics.js";
import type { Suite } from "../suite.js";

const IN_FLIGHT = 32;
const FAN_OUT_HANDLERS = 10;
const FAN_OUT_MESSAGES = 10_000;
const DURABLE_CONCURRENCY = 16;

/** The same ~100-byte payload everywhere. */
const payload = (index: number) => ({ orderId: index, customer: "customer-000042", items: ["sku-0001", "sku-0002", "sku-0003"] });

/** What a user without this package would send: the seed's envelope, built and serialised per message. */
const envelopeJson = (index: number) => JSON.stringify({ id: randomUUID(), timestamp: Date.now(), data: payload(index) });

/** Runs `operations` calls as IN_FLIGHT sequential workers sharing one connection. */
function inFlight(call: (index: number) => Promise<unknown>): (operations: number) => Promise<void> {
  return async (operations) => {
    const share = Math.ceil(operations / IN_FLIGHT);
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async (_, worker) => {
        for (let index = worker * share; index < Math.min(operations, (worker + 1) * share); index++) await call(index);
      }),
    );
  };
}

function sequential(call: (index: number) => Promise<unknown>): (operations: number) => Promise<void> {
  return async (operations) => {
    for (let index = 0; index < operations; index++) await call(index);
  };
}

/** Resolves when `count()` reaches `target`, checking on every call of the returned `tick`. */
function countdown(): { reset(target: number): Promise<void>; tick(): void } {
  let remaining = 0;
  let done: (() => void) | undefined;
  return {
    reset(target) {
      remaining = target;
      return new Promise<void>((resolve) => {
        done = resolve;
      });
    },
    tick() {
      remaining -= 1;
      if (remaining === 0) done?.();
    },
  };
}

/** Publishes `operations` envelopes on `channel` from one connection, 500 in flight. */
async function publishEnvelopes(publisher: Redis, channel: string, operations: number): Promise<void> {
  for (let start = 0; start < operations; start += 500) {
    const batch: Promise<unknown>[] = [];
    for (let index = start; index < Math.min(operations, start + 500); index++) batch.push(publisher.publish(channel, envelopeJson(index)));
    await Promise.all(batch);
  }
}

/** Heap in use after a full collection (the flag is set at run time: `pnpm bench` starts node without --expose-gc). */
function heapAfterGc(): number {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  // Twice: the first pass can leave finalised objects for the second.
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Redis-side memory of connections by name prefix (CLIENT LIST tot-mem) and how many there are. */
async function redisSideMemory(admin: Redis, namePrefix: string): Promise<{ connections: number; bytes: number }> {
  const lines = String(await admin.call("client", ["LIST"])).split("\n");
  const matching = lines.filter((line) => new RegExp(` name=${namePrefix}`).test(line));
  const bytes = matching.reduce((sum, line) => sum + Number(/ tot-mem=(\d+)/.exec(line)?.[1] ?? 0), 0);
  return { connections: matching.length, bytes };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/**
 * This process's CPU time per operation for each variant (user + system, from process.cpuUsage
 * around every timed run): steadier than throughput on a busy machine, and it shows where the
 * client-side cost is. Redis's own CPU is not in it.
 */
class CpuPerOperation {
  readonly #samples = new Map<string, number[]>();

  track(variant: Variant): Variant {
    return {
      name: variant.name,
      run: async (operations) => {
        const before = process.cpuUsage();
        await variant.run(operations);
        const used = process.cpuUsage(before);
        const samples = this.#samples.get(variant.name) ?? [];
        samples.push((used.user + used.system) / operations);
        this.#samples.set(variant.name, samples);
      },
    };
  }

  /** One line: median µs per operation of each variant (warm-up runs included in the samples are few and small). */
  summary(title: string): string {
    const parts = [...this.#samples].map(([name, samples]) => `${name} ${median(samples).toFixed(1)} µs`);
    return `${title}, client CPU per message (median): ${parts.join("; ")}.`;
  }
}

/**
 * Pub/sub and durable topics against plain ioredis on one spawned server:
 * 1. publish with an envelope (createPubSub) vs ioredis publish of the same envelope JSON built per
 *    call (target >= 0.85x), one at a time and 32 in flight;
 * 2. fan-out: 10,000 messages to 10 handlers on one createPubSub subscription vs 10 ioredis
 *    subscriber connections each parsing its copy (throughput, then memory: retained heap after GC
 *    and the subscriber connections' memory inside Redis);
 * 3. durable end to end (publish, deliver, handle, ack) with createDurableTopic vs a hand-written
 *    XREADGROUP COUNT 16 BLOCK loop with XACK per batch, 16 messages in flight each.
 */
export const suite: Suite = {
  name: "pubsub",
  description: "publish with envelope vs raw publish; fan-out to 10 handlers vs 10 connections; durable topic vs a hand-written XREADGROUP loop",
  async run() {
    const server = await startRedisServer();
    const client = new Redis(server.port);
    const publisher = new Redis(server.port);
    const admin = new Redis(server.port);
    const pubsub = createPubSub(client);
    const toClose: (() => Promise<unknown> | unknown)[] = [];
    try {
      const results = [];

      // Fan-out set-up first, so its memory is measured before other work leaves garbage behind. Each variant has its own channel; the publisher sends the same envelopes to both.
      // One throwaway of each kind first: the first connection and subscription of a process pay one-time costs.
      const warmPubSub = createPubSub(new Redis(server.port, { lazyConnect: true }));
      await (await warmPubSub.subscribe("bench:warm", () => undefined))();
      await warmPubSub.close();
      const warmConnection = new Redis(server.port);
      await warmConnection.subscribe("bench:warm");
      warmConnection.disconnect();
      const heapBefore = heapAfterGc();
      const shared = countdown();
      // Never connected itself: only its duplicate, the subscriber connection, carries the name.
      const fanOut: PubSub = createPubSub(new Redis(server.port, { connectionName: "bench-fan-shared", lazyConnect: true }));
      toClose.push(() => fanOut.close());
      for (let handler = 0; handler < FAN_OUT_HANDLERS; handler++) await fanOut.subscribe("bench:fan:shared", () => shared.tick());
      const heapShared = heapAfterGc();
      const separate = countdown();
      const connections: Redis[] = [];
      for (let handler = 0; handler < FAN_OUT_HANDLERS; handler++) {
        const connection = new Redis(server.port, { connectionName: `bench-fan-separate-${handler}` });
        connection.on("message", (_channel: string, message: string) => {
          JSON.parse(message);
          separate.tick();
        });
        await connection.subscribe("bench:fan:separate");
        connections.push(connection);
        toClose.push(() => connection.disconnect());
      }
      const heapSeparate = heapAfterGc();
      // 1. Publish cost.
      const ours = (index: number) => pubsub.publish("bench:publish", payload(index));
      const raw = (index: number) => client.publish("bench:publish", envelopeJson(index));
      const sequentialCpu = new CpuPerOperation();
      const inFlightCpu = new CpuPerOperation();
      const publishVariants = (run: (call: (index: number) => Promise<unknown>) => (operations: number) => Promise<void>, cpu: CpuPerOperation): Variant[] => [
        cpu.track({ name: "ioredis publish(JSON.stringify(envelope))", run: run(raw) }),
        cpu.track({ name: "createPubSub publish", run: run(ours) }),
      ];
      results.push(
        await compare({
          title: "publish, one at a time: envelope by createPubSub vs the same JSON through ioredis (target >= 0.85x)",
          baseline: "ioredis publish(JSON.stringify(envelope))",
          variants: publishVariants(sequential, sequentialCpu),
          operations: 3_000,
          rounds: 15,
        }),
      );
      results.push(
        await compare({
          title: `publish, ${IN_FLIGHT} in flight: envelope by createPubSub vs the same JSON through ioredis (target >= 0.85x)`,
          baseline: "ioredis publish(JSON.stringify(envelope))",
          variants: publishVariants(inFlight, inFlightCpu),
          operations: 20_000,
          rounds: 11,
        }),
      );
      const notes = [sequentialCpu.summary("Publish one at a time"), inFlightCpu.summary(`Publish ${IN_FLIGHT} in flight`)];

      // 2. Fan-out.
      const fanOutCpu = new CpuPerOperation();
      const fanOutResult = await compare({
        title: `fan-out: ${FAN_OUT_MESSAGES.toLocaleString("en-US")} messages to ${FAN_OUT_HANDLERS} handlers, messages published per second until every handler had all`,
        baseline: `${FAN_OUT_HANDLERS} ioredis subscriber connections`,
        variants: [
          fanOutCpu.track({
            name: `${FAN_OUT_HANDLERS} ioredis subscriber connections`,
            async run(operations) {
              const done = separate.reset(operations * FAN_OUT_HANDLERS);
              await publishEnvelopes(publisher, "bench:fan:separate", operations);
              await done;
            },
          }),
          fanOutCpu.track({
            name: `createPubSub: ${FAN_OUT_HANDLERS} handlers, one subscription`,
            async run(operations) {
              const done = shared.reset(operations * FAN_OUT_HANDLERS);
              await publishEnvelopes(publisher, "bench:fan:shared", operations);
              await done;
            },
          }),
        ],
        operations: FAN_OUT_MESSAGES,
        rounds: 7,
      });
      results.push(fanOutResult);
      notes.push(fanOutCpu.summary("Fan-out (publisher included, same on both sides)"));
      // The setup holds the same handlers on both sides; the difference is connections and parsing.
      const sharedRedis = await redisSideMemory(admin, "bench-fan-shared");
      const separateRedis = await redisSideMemory(admin, "bench-fan-separate");
      const memoryNote = [
        `Fan-out memory (after setup, GC): createPubSub with ${FAN_OUT_HANDLERS} handlers ${kib(heapShared - heapBefore)} heap in this process, ${sharedRedis.connections} subscriber connection holding ${kib(sharedRedis.bytes)} in Redis;`,
        `${FAN_OUT_HANDLERS} ioredis subscribers ${kib(heapSeparate - heapShared)} heap, ${separateRedis.connections} connections holding ${kib(separateRedis.bytes)} in Redis.`,
      ].join(" ");

      // 3. Durable end to end.
      const handled = countdown();
      const topic = createDurableTopic(client, { topic: "bench", group: "bench", consumer: "bench-1" });
      toClose.push(await topic.consume(() => handled.tick(), { concurrency: DURABLE_CONCURRENCY }));

      const handStream = "bench:hand:stream";
      await client.xgroup("CREATE", handStream, "bench", "$", "MKSTREAM");
      const reader = new Redis(server.port);
      const handHandled = countdown();
      let handRunning = true;
      const handLoop = (async () => {
        while (handRunning) {
          const reply = (await reader.xreadgroup("GROUP", "bench", "bench-1", "COUNT", DURABLE_CONCURRENCY, "BLOCK", 100, "STREAMS", handStream, ">")) as
            | [string, [string, string[]][]][]
            | null;
          const entries = reply?.[0]?.[1] ?? [];
          if (entries.length === 0) continue;
          await Promise.all(
            entries.map(async ([, fields]) => {
              JSON.parse(fields[1] as string);
              handHandled.tick();
            }),
          );
          await client.xack(handStream, "bench", ...entries.map(([id]) => id));
        }
      })();
      toClose.push(async () => {
        handRunning = false;
        await handLoop;
        reader.disconnect();
      });
      const durableCpu = new CpuPerOperation();
      const pendingZero = async (key: string) => {
        while (Number(((await client.xpending(key, "bench")) as unknown[])[0]) !== 0) await new Promise((resolve) => setImmediate(resolve));
      };
      const produce = async (operations: number, add: (index: number) => Promise<unknown>) => {
        for (let start = 0; start < operations; start += 500) {
          const batch: Promise<unknown>[] = [];
          for (let index = start; index < Math.min(operations, start + 500); index++) batch.push(add(index));
          await Promise.all(batch);
        }
      };
      results.push(
        await compare({
          title: `durable end to end: messages published, delivered, handled and acknowledged per second (${DURABLE_CONCURRENCY} in flight)`,
          baseline: "hand-written XREADGROUP loop",
          variants: [
            durableCpu.track({
              name: "hand-written XREADGROUP loop",
              async run(operations) {
                const done = handHandled.reset(operations);
                await produce(operations, (index) => client.xadd(handStream, "*", "message", envelopeJson(index)));
                await done;
                await pendingZero(handStream);
              },
            }),
            durableCpu.track({
              name: "createDurableTopic consume",
              async run(operations) {
                const done = handled.reset(operations);
                await produce(operations, (index) => topic.publish(payload(index)));
                await done;
                await pendingZero(topic.keys.stream);
              },
            }),
          ],
          operations: 5_000,
          rounds: 7,
        }),
      );
      notes.push(durableCpu.summary("Durable (producer and consumer)"));
      process.stdout.write(`${[memoryNote, ...notes].join("\n")}\n\n`);
      return results;
    } finally {
      for (const close of toClose.reverse()) await close();
      await pubsub.close();
      client.disconnect();
      publisher.disconnect();
      admin.disconnect();
      await server.stop();
    }
  },
};
