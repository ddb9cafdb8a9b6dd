import { describe, expect, it } from "vitest";
import { type StdioConnection, textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

type Decoded = { encoding: string; value: string };
type Scored = { member: Decoded; score?: number | string };
type Range = { members: Scored[]; total: number; truncated: boolean; nextOffset?: number };
type Result = Awaited<ReturnType<StdioConnection["client"]["callTool"]>>;

const BUDGET = 16_384;

function structured<T>(result: Result): T {
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as T;
}

const names = (range: Range) => range.members.map((entry) => entry.member.value);

describe.each(TARGETS)("sorted_sets toolset on $name", ({ target }) => {
  const server = serveTarget(target);
  const call = server.call;

  it("zset_add adds and updates under NX, XX, GT and CH, and rejects contradictions", async () => {
    const members = [
      { member: "ada", score: 10 },
      { member: "bob", score: 5 },
      { member: "cy", score: 7.5 },
    ];
    expect(structured(await call("zset_add", { key: "board", members }))).toEqual({ added: 3 });
    expect(structured(await call("zset_add", { key: "board", members: [{ member: "ada", score: 1 }], condition: "NX" }))).toEqual({ added: 0 });
    expect(await server.raw.zscore("board", "ada")).toBe("10");
    expect(structured(await call("zset_add", { key: "board", members: [{ member: "dee", score: 1 }], condition: "XX" }))).toEqual({ added: 0 });
    expect(await server.raw.zscore("board", "dee")).toBeNull();
    expect(structured(await call("zset_add", { key: "board", members: [{ member: "ada", score: 3 }], compare: "GT", changed: true }))).toEqual({
      changed: 0,
    });
    expect(structured(await call("zset_add", { key: "board", members: [{ member: "ada", score: 30 }], compare: "GT", changed: true }))).toEqual({
      changed: 1,
    });
    expect(await server.raw.zscore("board", "ada")).toBe("30");
    expect(structured(await call("zset_add", { key: "board", members: [{ member: "top", score: "+inf" }] }))).toEqual({ added: 1 });
    expect(await server.raw.zscore("board", "top")).toBe("inf");

    const contradiction = await call("zset_add", { key: "board", members: [{ member: "x", score: 1 }], condition: "NX", compare: "GT" });
    expect(textOf(contradiction)).toMatch(/^E_INVALID_ARGUMENT: .*cannot be combined with condition "NX"/);
    expect((await call("zset_add", { key: "board", members: [] })).isError).toBe(true);
    expect((await call("zset_add", { key: "board", members: [{ member: "x", score: "high" }] })).isError).toBe(true);
  });

  it("zset_range reads by rank, score and lex, reversed, with offsets", async () => {
    await server.raw.zadd("board", 1, "a", 2, "b", 3, "c", 4, "d", 5, "e");
    const all = structured<Range>(await call("zset_range", { key: "board" }));
    expect(all).toEqual({
      members: ["a", "b", "c", "d", "e"].map((member, index) => ({ member: { encoding: "utf8", value: member }, score: index + 1 })),
      total: 5,
      truncated: false,
    });
    const top = structured<Range>(await call("zset_range", { key: "board", reverse: true, limit: 2 }));
    expect(names(top)).toEqual(["e", "d"]);
    expect(top).toMatchObject({ total: 5, truncated: true, nextOffset: 2 });
    expect(names(structured<Range>(await call("zset_range", { key: "board", reverse: true, offset: 2, limit: 2 })))).toEqual(["c", "b"]);

    const byScore = structured<Range>(await call("zset_range", { key: "board", by: "score", min: 2, max: 4, maxExclusive: true }));
    expect(names(byScore)).toEqual(["b", "c"]);
    expect(byScore.total).toBe(2);
    const byScoreDown = structured<Range>(await call("zset_range", { key: "board", by: "score", min: 2, reverse: true, limit: 2 }));
    expect(names(byScoreDown)).toEqual(["e", "d"]);
    expect(byScoreDown).toMatchObject({ total: 4, truncated: true, nextOffset: 2 });

    await server.raw.zadd("words", 0, "apple", 0, "banana", 0, "cherry", 0, "date");
    const byLex = structured<Range>(await call("zset_range", { key: "words", by: "lex", min: "b", max: "d", maxExclusive: true }));
    expect(byLex.members).toEqual([{ member: { encoding: "utf8", value: "banana" } }, { member: { encoding: "utf8", value: "cherry" } }]);
    expect(byLex.total).toBe(2);

    const missing = structured<Range>(await call("zset_range", { key: "nothing" }));
    expect(missing).toEqual({ members: [], total: 0, truncated: false });
    expect(textOf(await call("zset_range", { key: "board", min: 1 }))).toMatch(/^E_INVALID_ARGUMENT: min\/max apply to by "score" or "lex"/);
    expect(textOf(await call("zset_range", { key: "board", by: "score", min: "a" }))).toMatch(/^E_INVALID_ARGUMENT: min must be a number/);
    expect(textOf(await call("zset_range", { key: "words", by: "lex", withScores: true }))).toMatch(/^E_INVALID_ARGUMENT: .*withScores/);
    expect((await call("zset_range", { key: "board", offset: -1 })).isError).toBe(true);
  });

  it("zset_remove, zset_score and zset_increment", async () => {
    await server.raw.zadd("board", 10, "ada", 20, "bob", 30, "cy");
    expect(structured(await call("zset_score", { key: "board", member: "bob" }))).toEqual({ exists: true, score: 20, rank: 1 });
    expect(structured(await call("zset_score", { key: "board", member: "ada", reverse: true }))).toEqual({ exists: true, score: 10, rank: 2 });
    expect(structured(await call("zset_score", { key: "board", member: "zed" }))).toEqual({ exists: false, score: null, rank: null });
    expect((await call("zset_score", { key: "board" })).isError).toBe(true);

    expect(structured(await call("zset_increment", { key: "board", member: "ada", by: 2.5 }))).toEqual({ score: 12.5 });
    expect(structured(await call("zset_increment", { key: "board", member: "new" }))).toEqual({ score: 1 });
    expect(await server.raw.zscore("board", "new")).toBe("1");
    expect((await call("zset_increment", { key: "board", member: "ada", by: "lots" })).isError).toBe(true);

    expect(structured(await call("zset_remove", { key: "board", members: ["ada", "ghost"] }))).toEqual({ removed: 1 });
    expect(await server.raw.zscore("board", "ada")).toBeNull();
    expect((await call("zset_remove", { key: "board", members: [] })).isError).toBe(true);

    await server.raw.zadd("edge", "-inf", "bottom");
    expect(structured(await call("zset_score", { key: "edge", member: "bottom" }))).toEqual({ exists: true, score: "-inf", rank: 0 });
  });

  it("binary members go in as base64 and come back byte for byte", async () => {
    const bytes = [Buffer.from([0x00, 0xff, 0x01]), Buffer.from([0xfe, 0xff]), Buffer.from([0xc3, 0x28])];
    const members = bytes.map((member, index) => ({ member: member.toString("base64"), score: index }));
    expect(structured(await call("zset_add", { key: "bin", members, encoding: "base64" }))).toEqual({ added: 3 });
    const stored = await server.raw.zrangeBuffer("bin", "0", "-1");
    expect(stored.map((member) => member.toString("base64"))).toEqual(members.map((entry) => entry.member));
    const range = structured<Range>(await call("zset_range", { key: "bin" }));
    expect(range.members.map((entry) => entry.member)).toEqual(stored.map((member) => ({ encoding: "base64", value: member.toString("base64") })));
    const member = (bytes[1] as Buffer).toString("base64");
    expect(structured(await call("zset_score", { key: "bin", member, encoding: "base64" }))).toEqual({ exists: true, score: 1, rank: 1 });
    expect(structured(await call("zset_increment", { key: "bin", member, encoding: "base64", by: 10 }))).toEqual({ score: 11 });
    expect(structured(await call("zset_remove", { key: "bin", members: [member], encoding: "base64" }))).toEqual({ removed: 1 });
    expect(await server.raw.zcard("bin")).toBe(2);
    expect(textOf(await call("zset_score", { key: "bin", member: "%%%", encoding: "base64" }))).toMatch(/^E_INVALID_ARGUMENT: .*base64/);
  });

  it("names the right tool when a key holds another type", async () => {
    await server.raw.sadd("tags", "a");
    const result = await call("zset_range", { key: "tags" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^E_WRONG_TYPE: .*holds a set: use set_members/);
    expect(textOf(await call("zset_add", { key: "tags", members: [{ member: "a", score: 1 }] }))).toMatch(/^E_WRONG_TYPE: .*use set_members/);
  });
});

describe.each(TARGETS)("sorted_sets toolset within a 16 KiB result budget on $name", ({ target }) => {
  const server = serveTarget(target, ["--max-result-bytes", String(BUDGET)]);
  const call = server.call;

  it.each([
    { by: "rank", reverse: false },
    { by: "score", reverse: true },
  ])("zset_range pages 5,000 members by $by (reverse: $reverse) completely, each page within the budget", async ({ by, reverse }) => {
    const members = Array.from({ length: 5000 }, (_, index) => `member-${String(index).padStart(4, "0")}-${"x".repeat(60)}`);
    await server.raw.zadd("big", ...members.flatMap((member, index) => [index, member]));
    const seen: string[] = [];
    const scores: number[] = [];
    let offset: number | undefined = 0;
    let pages = 0;
    while (offset !== undefined) {
      const result = await call("zset_range", { key: "big", by, reverse, offset, limit: 1000 });
      const page = structured<Range>(result);
      expect(Buffer.byteLength(JSON.stringify(result.structuredContent))).toBeLessThanOrEqual(BUDGET);
      expect(Buffer.byteLength(textOf(result))).toBeLessThanOrEqual(BUDGET);
      expect(page.total).toBe(5000);
      seen.push(...names(page));
      scores.push(...page.members.map((entry) => entry.score as number));
      offset = page.nextOffset;
      pages += 1;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual(reverse ? [...members].reverse() : members);
    expect(new Set(seen).size).toBe(5000);
    expect(scores).toEqual(Array.from({ length: 5000 }, (_, index) => (reverse ? 4999 - index : index)));
  });
});
