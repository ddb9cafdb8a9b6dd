import { describe, expect, it } from "vitest";
import { roundTripsOf, standaloneTarget } from "./support/round-trips.js";
import { type StdioConnection, textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

type Decoded = { encoding: string; value: string };
type Result = Awaited<ReturnType<StdioConnection["client"]["callTool"]>>;

const BUDGET = 16_384;

function structured<T>(result: Result): T {
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as T;
}

/** Bytes with 0xff in them: never valid UTF-8, so they must come back as base64. */
const BINARY = [Buffer.from([0x00, 0xff, 0xfe, 0x80]), Buffer.from([0xff]), Buffer.from([0xc3, 0x28, 0xff, 0x00, 0x01])];

describe.each(TARGETS)("sets toolset on $name", ({ target }) => {
  const server = serveTarget(target);
  const call = server.call;

  it("set_add and set_remove count what changed and reject bad input", async () => {
    expect(structured(await call("set_add", { key: "tags", members: ["a", "b", "c"] }))).toEqual({ added: 3 });
    expect(structured(await call("set_add", { key: "tags", members: ["c", "d"] }))).toEqual({ added: 1 });
    expect((await server.raw.smembers("tags")).sort()).toEqual(["a", "b", "c", "d"]);
    expect(structured(await call("set_remove", { key: "tags", members: ["a", "zzz"] }))).toEqual({ removed: 1 });
    expect(await server.raw.sismember("tags", "a")).toBe(0);

    const empty = await call("set_add", { key: "tags", members: [] });
    expect(empty.isError).toBe(true);
    const badBase64 = await call("set_add", { key: "tags", members: ["not base64!"], encoding: "base64" });
    expect(textOf(badBase64)).toMatch(/^E_INVALID_ARGUMENT: .*canonical base64/);
    expect((await call("set_remove", { key: "", members: ["a"] })).isError).toBe(true);
  });

  it("set_members reads a set with its total, and rejects a foreign cursor", async () => {
    await server.raw.sadd("small", "x", "y", "z");
    const page = structured<{ members: Decoded[]; total: number; truncated: boolean; nextCursor?: string }>(await call("set_members", { key: "small" }));
    expect(page.total).toBe(3);
    expect(page.truncated).toBe(false);
    expect(page.nextCursor).toBeUndefined();
    expect(page.members.map((member) => member.value).sort()).toEqual(["x", "y", "z"]);
    expect(page.members.every((member) => member.encoding === "utf8")).toBe(true);
    const matched = structured<{ members: Decoded[] }>(await call("set_members", { key: "small", match: "y*" }));
    expect(matched.members.map((member) => member.value)).toEqual(["y"]);
    const missing = structured<{ members: Decoded[]; total: number }>(await call("set_members", { key: "nothing" }));
    expect(missing).toEqual({ members: [], total: 0, truncated: false });
    const bad = await call("set_members", { key: "small", cursor: "not-a-cursor" });
    expect(textOf(bad)).toMatch(/^E_INVALID_ARGUMENT: cursor must be the nextCursor of a previous set_members call/);
  });

  it("binary members go in as base64 and come back byte for byte", async () => {
    const members = BINARY.map((bytes) => bytes.toString("base64"));
    expect(structured(await call("set_add", { key: "bin", members, encoding: "base64" }))).toEqual({ added: 3 });
    const stored = (await server.raw.smembersBuffer("bin")).map((bytes) => bytes.toString("base64")).sort();
    expect(stored).toEqual([...members].sort());
    const page = structured<{ members: Decoded[] }>(await call("set_members", { key: "bin" }));
    expect(page.members.every((member) => member.encoding === "base64")).toBe(true);
    expect(page.members.map((member) => member.value).sort()).toEqual(stored);
    const contains = structured(await call("set_contains", { key: "bin", members: [members[1], Buffer.from([0xfe]).toString("base64")], encoding: "base64" }));
    expect(contains).toEqual({ contains: [true, false] });
    expect(structured(await call("set_remove", { key: "bin", members: [members[0]], encoding: "base64" }))).toEqual({ removed: 1 });
    expect((await server.raw.smembersBuffer("bin")).some((bytes) => bytes.equals(BINARY[0] as Buffer))).toBe(false);
  });

  it("set_contains answers in the order asked and rejects an empty list", async () => {
    await server.raw.sadd("colors", "red", "green");
    expect(structured(await call("set_contains", { key: "colors", members: ["green", "blue", "red"] }))).toEqual({ contains: [true, false, true] });
    expect(structured(await call("set_contains", { key: "missing", members: ["red"] }))).toEqual({ contains: [false] });
    expect((await call("set_contains", { key: "colors", members: [] })).isError).toBe(true);
  });

  it("set_combine computes union, intersection and difference inline and into storeIn", async () => {
    await server.raw.sadd("{s}:a", "1", "2", "3");
    await server.raw.sadd("{s}:b", "2", "3", "4");
    const values = (result: Result) =>
      structured<{ members: Decoded[] }>(result)
        .members.map((member) => member.value)
        .sort();
    expect(values(await call("set_combine", { keys: ["{s}:a", "{s}:b"], operation: "union" }))).toEqual(["1", "2", "3", "4"]);
    expect(values(await call("set_combine", { keys: ["{s}:a", "{s}:b"], operation: "intersection" }))).toEqual(["2", "3"]);
    expect(values(await call("set_combine", { keys: ["{s}:a", "{s}:b"], operation: "difference" }))).toEqual(["1"]);
    const inline = structured(await call("set_combine", { keys: ["{s}:a", "{s}:b"], operation: "union" }));
    expect(inline).toMatchObject({ total: 4, truncated: false });
    const stored = structured(await call("set_combine", { keys: ["{s}:a", "{s}:b"], operation: "union", storeIn: "{s}:all" }));
    expect(stored).toEqual({ total: 4, storedIn: "{s}:all" });
    expect((await server.raw.smembers("{s}:all")).sort()).toEqual(["1", "2", "3", "4"]);
    const limited = structured<{ members: Decoded[]; total: number; truncated: boolean; hint?: string }>(
      await call("set_combine", { keys: ["{s}:a", "{s}:b"], operation: "union", limit: 2 }),
    );
    expect(limited.members).toHaveLength(2);
    expect(limited).toMatchObject({ total: 4, truncated: true });
    expect(limited.hint).toMatch(/storeIn.*set_members/);
    expect((await call("set_combine", { keys: ["{s}:a"], operation: "xor" })).isError).toBe(true);
    expect((await call("set_combine", { keys: [], operation: "union" })).isError).toBe(true);
  });

  it("set_combine across cluster slots says to use a hash tag, and refuses oversized inline results", async () => {
    await server.raw.sadd("left", "1");
    await server.raw.sadd("right", "2");
    const crossSlot = await call("set_combine", { keys: ["left", "right"], operation: "union" });
    const crossStore = await call("set_combine", { keys: ["{t}:a"], operation: "union", storeIn: "elsewhere" });
    if (server.name === "cluster") {
      expect(crossSlot.isError).toBe(true);
      expect(textOf(crossSlot)).toMatch(/^E_CROSSSLOT: .*hash tag/);
      expect(textOf(crossStore)).toMatch(/^E_CROSSSLOT: .*hash tag/);
    } else {
      expect(structured(crossSlot)).toMatchObject({ total: 2 });
      expect(structured(crossStore)).toEqual({ total: 0, storedIn: "elsewhere" });
    }
    await server.raw.sadd("{big}:a", ...Array.from({ length: 6000 }, (_, index) => `a${index}`));
    await server.raw.sadd("{big}:b", ...Array.from({ length: 6000 }, (_, index) => `b${index}`));
    const tooBig = await call("set_combine", { keys: ["{big}:a", "{big}:b"], operation: "union" });
    expect(textOf(tooBig)).toMatch(/^E_TOO_LARGE: .*storeIn.*set_members/);
    const small = structured(await call("set_combine", { keys: ["{big}:a", "{big}:b"], operation: "intersection" }));
    expect(small).toEqual({ total: 0, members: [], truncated: false });
  });

  it("names the right tool when a key holds another type", async () => {
    await server.raw.set("plain", "text");
    const result = await call("set_members", { key: "plain" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^E_WRONG_TYPE: .*holds a string: use string_get/);
    expect(textOf(await call("set_add", { key: "plain", members: ["x"] }))).toMatch(/^E_WRONG_TYPE: .*use string_get/);
  });
});

describe.each(TARGETS)("sets toolset within a 16 KiB result budget on $name", ({ target }) => {
  const server = serveTarget(target, ["--max-result-bytes", String(BUDGET)]);
  const call = server.call;

  /** Pages set_members to the end, checking each result against the budget. */
  async function readAll(key: string): Promise<{ values: string[]; pages: number }> {
    const values: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const result = await call("set_members", { key, cursor, limit: 1000 });
      const page = structured<{ members: Decoded[]; nextCursor?: string; truncated: boolean }>(result);
      expect(Buffer.byteLength(JSON.stringify(result.structuredContent))).toBeLessThanOrEqual(BUDGET);
      expect(Buffer.byteLength(textOf(result))).toBeLessThanOrEqual(BUDGET);
      expect(page.truncated).toBe(page.nextCursor !== undefined);
      values.push(...page.members.map((member) => member.value));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    return { values, pages };
  }

  it("set_members pages 5,000 members completely, each page within the budget", async () => {
    const members = Array.from({ length: 5000 }, (_, index) => `member-${index}-${"x".repeat(60)}`);
    await server.raw.sadd("big", ...members);
    const { values, pages } = await readAll("big");
    expect(pages).toBeGreaterThan(1);
    // SSCAN may repeat a member while the set rehashes: the union must be complete and exact.
    expect(new Set(values).size).toBe(5000);
    expect([...new Set(values)].sort()).toEqual([...members].sort());
  });

  it("set_members splits a compact set that SSCAN returns in one reply", async () => {
    // 500 integers are stored as an intset, which SSCAN returns whole whatever COUNT says.
    const members = Array.from({ length: 500 }, (_, index) => String(1_000_000_000 + index));
    await server.raw.sadd("ints", ...members);
    const { values, pages } = await readAll("ints");
    expect(pages).toBeGreaterThan(1);
    expect(values).toHaveLength(500);
    expect([...values].sort()).toEqual([...members].sort());
  });

  it("set_combine stays within the budget and says how to read the rest", async () => {
    await server.raw.sadd("{c}:a", ...Array.from({ length: 2000 }, (_, index) => `a-${index}-${"y".repeat(40)}`));
    await server.raw.sadd("{c}:b", ...Array.from({ length: 2000 }, (_, index) => `b-${index}-${"y".repeat(40)}`));
    const result = await call("set_combine", { keys: ["{c}:a", "{c}:b"], operation: "union", limit: 1000 });
    const combined = structured<{ members: Decoded[]; total: number; truncated: boolean; hint: string }>(result);
    expect(Buffer.byteLength(JSON.stringify(result.structuredContent))).toBeLessThanOrEqual(BUDGET);
    expect(combined.total).toBe(4000);
    expect(combined.truncated).toBe(true);
    expect(combined.members.length).toBeGreaterThan(0);
    expect(combined.members.length).toBeLessThan(1000);
    expect(combined.hint).toMatch(/storeIn.*set_members/);
  });
});

describe("sets round trips", () => {
  const server = serveTarget(standaloneTarget());

  it("set_combine reads a small combination in one round trip, and refuses a large one from the sizes alone", async () => {
    await server.raw.sadd("{c}:a", "x", "y");
    await server.raw.sadd("{c}:b", "y", "z");
    let combined: { total: number } | undefined;
    expect(
      await roundTripsOf(server.raw, async () => {
        combined = structured<{ total: number }>(await server.call("set_combine", { keys: ["{c}:a", "{c}:b"], operation: "union" }));
      }),
    ).toBe(1);
    expect(combined?.total).toBe(3);
    await server.raw.sadd("{c}:big", ...Array.from({ length: 10_001 }, (_, index) => `m${index}`));
    let refusal = "";
    expect(
      await roundTripsOf(server.raw, async () => {
        refusal = textOf(await server.call("set_combine", { keys: ["{c}:big", "{c}:a"], operation: "union" }));
      }),
    ).toBe(1);
    expect(refusal).toMatch(/^E_TOO_LARGE: the union may hold up to 10003 members/);
  });

  it("set_members sends SCARD with the first SSCAN: one round trip", async () => {
    await server.raw.sadd("counted", "a", "b", "c");
    let total = 0;
    const trips = await roundTripsOf(server.raw, async () => {
      total = structured<{ total: number }>(await server.call("set_members", { key: "counted" })).total;
    });
    expect(total).toBe(3);
    expect(trips).toBe(1);
  });
});
