import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roundTripsOf, standaloneTarget } from "./support/round-trips.js";
import { cleanEnvironment, connectStdio, type StdioConnection, textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

const range = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

describe.each(TARGETS)("probabilistic toolset on $name", ({ target }) => {
  const server = serveTarget(target);
  const call = server.call;

  it("hll_add and hll_count estimate distinct elements", async () => {
    const first = await call("hll_add", { key: "visitors", elements: range(1000, "user") });
    expect(first.structuredContent).toEqual({ key: "visitors", changed: true });
    expect(await server.raw.pfcount("visitors")).toBeGreaterThan(950);
    const again = await call("hll_add", { key: "visitors", elements: ["user-1", "user-2"] });
    expect(again.structuredContent).toEqual({ key: "visitors", changed: false });
    const counted = (await call("hll_count", { keys: ["visitors"] })).structuredContent as { keys: string[]; count: number };
    expect(counted.keys).toEqual(["visitors"]);
    expect(counted.count).toBeGreaterThan(980);
    expect(counted.count).toBeLessThan(1020);
    // base64 elements are their bytes: "dXNlci0x" is "user-1", already counted.
    const binary = await call("hll_add", { key: "visitors", elements: ["dXNlci0x"], encoding: "base64" });
    expect(binary.structuredContent).toEqual({ key: "visitors", changed: false });
    expect((await call("hll_count", { keys: ["nobody"] })).structuredContent).toEqual({ keys: ["nobody"], count: 0 });
  });

  it("hll_add and hll_count reject empty lists, bad base64 and other types", async () => {
    const empty = await call("hll_add", { key: "visitors", elements: [] });
    expect(empty.isError).toBe(true);
    expect(textOf(empty)).toMatch(/elements/);
    const badBase64 = await call("hll_add", { key: "visitors", elements: ["not base64!"], encoding: "base64" });
    expect(textOf(badBase64)).toMatch(/^E_INVALID_ARGUMENT: .*not canonical base64/);
    expect(await server.raw.exists("visitors")).toBe(0);
    await server.raw.set("plain", "text");
    expect(textOf(await call("hll_add", { key: "plain", elements: ["a"] }))).toMatch(/^E_WRONG_TYPE: .*holds a string: use string_get/);
    await server.raw.rpush("list", "a");
    expect(textOf(await call("hll_count", { keys: ["list"] }))).toMatch(/^E_WRONG_TYPE: /);
    const noKeys = await call("hll_count", { keys: [] });
    expect(noKeys.isError).toBe(true);
    expect(textOf(noKeys)).toMatch(/keys/);
  });

  it("hll_count of several keys counts their union; hll_merge stores it", async () => {
    await call("hll_add", { key: "{visits}:mon", elements: range(100, "user") });
    await call("hll_add", { key: "{visits}:tue", elements: range(150, "user") });
    const union = (await call("hll_count", { keys: ["{visits}:mon", "{visits}:tue"] })).structuredContent as { count: number };
    expect(union.count).toBeGreaterThanOrEqual(145);
    expect(union.count).toBeLessThanOrEqual(155);
    const merged = (await call("hll_merge", { destination: "{visits}:week", sources: ["{visits}:mon", "{visits}:tue"] })).structuredContent as {
      destination: string;
      count: number;
    };
    expect(merged).toEqual({ destination: "{visits}:week", count: union.count });
    expect(await server.raw.pfcount("{visits}:week")).toBe(union.count);
    const noSources = await call("hll_merge", { destination: "{visits}:week", sources: [] });
    expect(noSources.isError).toBe(true);
    expect(textOf(noSources)).toMatch(/sources/);
  });

  it("hll_count and hll_merge across slots need a hash tag on a cluster", async () => {
    await call("hll_add", { key: "visits:mon", elements: ["a", "b"] });
    await call("hll_add", { key: "visits:tue", elements: ["b", "c"] });
    const count = await call("hll_count", { keys: ["visits:mon", "visits:tue"] });
    const merge = await call("hll_merge", { destination: "visits:week", sources: ["visits:mon", "visits:tue"] });
    if (server.name === "cluster") {
      expect(count.isError).toBe(true);
      expect(textOf(count)).toMatch(/^E_CROSSSLOT: .*common hash tag/);
      expect(textOf(merge)).toMatch(/^E_CROSSSLOT: .*common hash tag, e\.g\./);
      expect(await server.raw.exists("visits:week")).toBe(0);
    } else {
      expect(count.structuredContent).toEqual({ keys: ["visits:mon", "visits:tue"], count: 3 });
      expect(merge.structuredContent).toEqual({ destination: "visits:week", count: 3 });
    }
  });

  it("bloom_add creates a filter on first use and bloom_check answers per item", async () => {
    const added = await call("bloom_add", { name: "seen-urls", items: ["https://a.example", "https://b.example", "https://a.example"] });
    expect(added.structuredContent).toMatchObject({ name: "seen-urls", added: [true, true, false] });
    expect(["bitmap", "redisbloom"]).toContain((added.structuredContent as { implementation: string }).implementation);
    expect(await server.raw.exists("bloom:{seen-urls}:parameters")).toBe(1);
    const checked = await call("bloom_check", { name: "seen-urls", items: ["https://a.example", "https://c.example", "https://b.example"] });
    expect(checked.structuredContent).toEqual({ name: "seen-urls", exists: true, present: [true, false, true] });
    // Many absent items: at 0.01 false positives and 2 of 100,000 items, all must be absent.
    const absent = (await call("bloom_check", { name: "seen-urls", items: range(500, "https://other.example") })).structuredContent as { present: boolean[] };
    expect(absent.present.filter(Boolean).length).toBe(0);
    const again = await call("bloom_add", { name: "seen-urls", items: ["https://b.example", "https://c.example"] });
    expect((again.structuredContent as { added: boolean[] }).added).toEqual([false, true]);
  });

  it("bloom_check of a missing filter answers false without creating it", async () => {
    const checked = await call("bloom_check", { name: "never-made", items: ["a", "b"] });
    expect(checked.structuredContent).toEqual({ name: "never-made", exists: false, present: [false, false] });
    expect(await server.raw.exists("bloom:{never-made}:parameters", "bloom:{never-made}:bits", "bloom:{never-made}:filter")).toBe(0);
  });

  it("an existing filter keeps the sizing it was created with", async () => {
    await call("bloom_add", { name: "small", items: ["x"], capacity: 1000, errorRate: 0.001 });
    // Other (or default) sizing on later calls is not an error: capacity and errorRate shape new filters only.
    const added = await call("bloom_add", { name: "small", items: ["y"], capacity: 50, errorRate: 0.5 });
    expect(added.structuredContent).toMatchObject({ added: [true] });
    expect(await server.raw.hget("bloom:{small}:parameters", "capacity")).toBe("1000");
    const checked = await call("bloom_check", { name: "small", items: ["x", "y", "z"] });
    expect(checked.structuredContent).toEqual({ name: "small", exists: true, present: [true, true, false] });
  });

  it("bloom tools reject bad names, sizes and items with what to do", async () => {
    const braces = await call("bloom_add", { name: "a{b}", items: ["x"] });
    expect(braces.isError).toBe(true);
    expect(textOf(braces)).toMatch(/must not contain \{ or \}/);
    const badRate = await call("bloom_add", { name: "f", items: ["x"], errorRate: 1 });
    expect(badRate.isError).toBe(true);
    expect(textOf(badRate)).toMatch(/errorRate/);
    const tooBig = await call("bloom_add", { name: "f", items: ["x"], capacity: 1_000_000_000, errorRate: 1e-9 });
    expect(textOf(tooBig)).toMatch(/^E_INVALID_ARGUMENT: .*Lower the capacity, raise the errorRate/);
    const noItems = await call("bloom_check", { name: "f", items: [] });
    expect(noItems.isError).toBe(true);
    expect(textOf(noItems)).toMatch(/items/);
    const badBase64 = await call("bloom_add", { name: "f", items: ["%%%"], encoding: "base64" });
    expect(textOf(badBase64)).toMatch(/^E_INVALID_ARGUMENT: .*base64/);
    expect(await server.raw.exists("bloom:{f}:parameters")).toBe(0);
  });
});

describe("probabilistic toolset on a read-only server", () => {
  let connection: StdioConnection;
  let raw: Redis;
  beforeAll(async () => {
    const redis = await useRedis();
    raw = new Redis(redis.port);
    connection = await connectStdio(["--read-only"], cleanEnvironment({ REDIS_URL: redis.url }));
  });
  afterAll(async () => {
    raw.disconnect();
    await connection.close();
  });

  it("lists only the reads, and bloom_check writes nothing", async () => {
    const names = (await connection.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["hll_count", "bloom_check"]));
    for (const write of ["hll_add", "hll_merge", "bloom_add"]) expect(names).not.toContain(write);
    const checked = await connection.client.callTool({ name: "bloom_check", arguments: { name: "seen", items: ["a"] } });
    expect(checked.structuredContent).toEqual({ name: "seen", exists: false, present: [false] });
    expect(await raw.dbsize()).toBe(0);
  });
});

describe("Bloom filter round trips", () => {
  const server = serveTarget(standaloneTarget());

  it("bloom_add and bloom_check take one round trip each on a bitmap filter", async () => {
    // The first call also learns which modules the server has (once per connection).
    expect((await server.call("bloom_add", { name: "trips", items: ["a"] })).isError).toBeFalsy();
    let added: unknown;
    expect(
      await roundTripsOf(server.raw, async () => {
        added = (await server.call("bloom_add", { name: "trips", items: ["a", "b"] })).structuredContent;
      }),
    ).toBe(1);
    expect(added).toEqual({ name: "trips", implementation: "bitmap", added: [false, true] });
    let checked: unknown;
    expect(
      await roundTripsOf(server.raw, async () => {
        checked = (await server.call("bloom_check", { name: "trips", items: ["b", "c"] })).structuredContent;
      }),
    ).toBe(1);
    expect(checked).toEqual({ name: "trips", exists: true, present: [true, false] });
  });
});
