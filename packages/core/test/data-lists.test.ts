import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCluster, type RedisClient } from "../src/client/redis-client.js";
import { listLength, listMove, listPop, listPopBuffer, listPush, listRange, listRangeBuffer, listTrim } from "../src/data/lists.js";
import { topologies } from "./topologies.js";

/** A second connection to the same servers whose commands time out after `commandTimeout` ms. */
function withCommandTimeout(client: RedisClient, commandTimeout: number): RedisClient {
  if (isCluster(client)) return client.duplicate([], { redisOptions: { ...client.options.redisOptions, commandTimeout } });
  return client.duplicate({ commandTimeout });
}

describe.each(topologies)("list helpers on $name", (topology) => {
  let redis: RedisClient;
  let other: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
    other = await topology.connect();
  });
  afterAll(() => {
    redis.disconnect();
    other.disconnect();
  });

  it("pushes on either end and pops FIFO by default", async () => {
    expect(await listPush(redis, "queue", ["a", "b"])).toBe(2);
    expect(await listPush(redis, "queue", ["z"], { side: "left" })).toBe(3);
    expect(await listRange(redis, "queue", { count: 10 })).toEqual(["z", "a", "b"]);
    expect(await listPop(redis, "queue")).toBe("z");
    expect(await listPop(redis, "queue", { side: "right" })).toBe("b");
    expect(await listPop(redis, "queue", { count: 5 })).toEqual(["a"]);
    expect(await listPop(redis, "queue")).toBeNull();
    expect(await listPop(redis, "queue", { count: 2 })).toEqual([]);
  });

  it("pushes onto an existing list only with onlyIfExists", async () => {
    expect(await listPush(redis, "maybe", ["x"], { onlyIfExists: true })).toBe(0);
    expect(await redis.exists("maybe")).toBe(0);
    await listPush(redis, "maybe", ["a"]);
    expect(await listPush(redis, "maybe", ["b"], { onlyIfExists: true, side: "left" })).toBe(2);
    expect(await listLength(redis, "maybe")).toBe(2);
    expect(await listLength(redis, "missing")).toBe(0);
  });

  it("reads bounded windows from either end and trims", async () => {
    await listPush(redis, "events", ["e0", "e1", "e2", "e3", "e4", "e5"]);
    expect(await listRange(redis, "events", { start: 1, count: 2 })).toEqual(["e1", "e2"]);
    expect(await listRange(redis, "events", { start: -2, count: 2 })).toEqual(["e4", "e5"]);
    // A window reaching past the tail stops there instead of wrapping around to the head.
    expect(await listRange(redis, "events", { start: -2, count: 5 })).toEqual(["e4", "e5"]);
    expect(await listRange(redis, "missing", { count: 3 })).toEqual([]);
    await listTrim(redis, "events", { start: 0, stop: 2 });
    expect(await listRange(redis, "events", { count: 100 })).toEqual(["e0", "e1", "e2"]);
  });

  it("moves an element between hash-tagged lists", async () => {
    await listPush(redis, "{jobs}:ready", ["j1", "j2"]);
    expect(await listMove(redis, "{jobs}:ready", "{jobs}:running")).toBe("j1");
    expect(await listMove(redis, "{jobs}:ready", "{jobs}:running", { from: "right", to: "left" })).toBe("j2");
    expect(await listRange(redis, "{jobs}:running", { count: 10 })).toEqual(["j2", "j1"]);
    expect(await listMove(redis, "{jobs}:ready", "{jobs}:running")).toBeNull();
    expect(await listMove(redis, "{jobs}:ready", "{jobs}:running", { waitMs: 50 })).toBeNull();
  });

  it("needs a common hash tag on a cluster, checked before anything is sent", async () => {
    await listPush(redis, "source", ["item"]);
    const attempt = listMove(redis, "source", "destination").catch((error: unknown) => error);
    if (topology.name === "cluster") {
      const error = (await attempt) as Error & { code: string };
      expect(error.code).toBe("E_CROSSSLOT");
      expect(error.message).toMatch(/listMove: keys "source" and "destination" are in different cluster slots.*hash tag/);
      expect(error.cause).toBeUndefined();
      expect(await redis.lrange("source", 0, -1)).toEqual(["item"]);
    } else {
      expect(await attempt).toBe("item");
    }
  });

  it("returns null or [] when a bounded wait times out", async () => {
    expect(await listPop(redis, "empty", { waitMs: 50 })).toBeNull();
    expect(await listPop(redis, "empty", { waitMs: 50, side: "right" })).toBeNull();
    expect(await listPop(redis, "empty", { waitMs: 50, count: 3 })).toEqual([]);
    expect(await listPopBuffer(redis, "empty", { waitMs: 50 })).toBeNull();
  });

  it("wakes up for elements pushed while waiting", async () => {
    // The waiting client's connection is blocked, so another connection pushes.
    const waiting = listPop(redis, "inbox", { waitMs: 10_000 });
    setTimeout(() => {
      void listPush(other, "inbox", ["hello"]);
    }, 100);
    expect(await waiting).toBe("hello");
    const waitingMany = listPop(redis, "inbox", { waitMs: 10_000, count: 5, side: "right" });
    setTimeout(() => {
      void listPush(other, "inbox", ["a", "b"]);
    }, 100);
    expect(await waitingMany).toEqual(["b", "a"]);
  });

  it("waits longer than the client's command timeout in several blocks instead of failing", async () => {
    const impatient = withCommandTimeout(redis, 400);
    try {
      // Without splitting, a 700 ms BLPOP on a client with a 400 ms command timeout fails with E_TIMEOUT.
      expect(await listPop(impatient, "later", { waitMs: 700 })).toBeNull();
      const waiting = listPop(impatient, "later", { waitMs: 10_000 });
      setTimeout(() => {
        void listPush(other, "later", ["finally"]);
      }, 500);
      expect(await waiting).toBe("finally");
    } finally {
      impatient.disconnect();
    }
  });

  it("round-trips binary elements byte for byte", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xc3, 0x28]);
    await listPush(redis, "bin", [bytes, Buffer.from("text")]);
    const [first, second] = await listRangeBuffer(redis, "bin", { count: 2 });
    expect(first?.equals(bytes)).toBe(true);
    expect(second?.toString()).toBe("text");
    expect((await listPopBuffer(redis, "bin"))?.equals(bytes)).toBe(true);
    await listPush(redis, "bin", [bytes]);
    const popped = await listPopBuffer(redis, "bin", { count: 2, waitMs: 100 });
    expect(popped.map((element) => element.toString("hex"))).toEqual(["74657874", bytes.toString("hex")]);
  });

  it("reports a key of another type as E_WRONG_TYPE", async () => {
    await redis.set("a-string", "x");
    const wrongType = { code: "E_WRONG_TYPE" };
    await expect(listPush(redis, "a-string", ["v"])).rejects.toMatchObject(wrongType);
    await expect(listPop(redis, "a-string")).rejects.toMatchObject(wrongType);
    await expect(listPop(redis, "a-string", { waitMs: 50 })).rejects.toMatchObject(wrongType);
    await expect(listRange(redis, "a-string", { count: 1 })).rejects.toMatchObject(wrongType);
    await expect(listLength(redis, "a-string")).rejects.toMatchObject(wrongType);
    await expect(listTrim(redis, "a-string", { start: 0, stop: 1 })).rejects.toMatchObject(wrongType);
    expect(await redis.get("a-string")).toBe("x");
  });

  it("rejects bad input before anything changes", async () => {
    await listPush(redis, "kept", ["a", "b"]);
    const invalid = { code: "E_INVALID_ARGUMENT" };
    await expect(listPush(redis, "new", [])).rejects.toMatchObject(invalid);
    await expect(listPush(redis, "new", ["a", undefined as unknown as string])).rejects.toMatchObject(invalid);
    await expect(listPush(redis, "new", ["a"], { side: "middle" as "left" })).rejects.toMatchObject(invalid);
    await expect(listPop(redis, "kept", { count: 0 })).rejects.toMatchObject(invalid);
    await expect(listPop(redis, "kept", { waitMs: 0 })).rejects.toMatchObject({ ...invalid, message: expect.stringMatching(/waitMs/) });
    await expect(listPop(redis, "kept", { waitMs: -5 })).rejects.toMatchObject(invalid);
    await expect(listRange(redis, "kept", { count: 0 })).rejects.toMatchObject(invalid);
    await expect(listRange(redis, "kept", {} as { count: number })).rejects.toMatchObject(invalid);
    await expect(listTrim(redis, "kept", { start: 0, stop: 0.5 })).rejects.toMatchObject(invalid);
    await expect(listMove(redis, "kept", "", {})).rejects.toMatchObject(invalid);
    await expect(listMove(redis, "kept", "{x}new", { to: "up" as "left" })).rejects.toMatchObject(invalid);
    expect(await redis.exists("new")).toBe(0);
    expect(await redis.lrange("kept", 0, -1)).toEqual(["a", "b"]);
  });
});
