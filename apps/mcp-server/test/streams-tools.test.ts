import { Cluster, type Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { type StdioConnection, textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

type Decoded = { encoding: string; value: string };
type Entry = { id: string; fields: Record<string, Decoded>; deleted?: boolean };
type Range = { entries: Entry[]; length: number; truncated: boolean; nextCursor?: string };
type GroupRead = { entries: Entry[]; truncated: boolean; nextId?: string };
type Result = Awaited<ReturnType<StdioConnection["client"]["callTool"]>>;

const BUDGET = 16_384;

function structured<T>(result: Result): T {
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as T;
}

const text = (value: string): Decoded => ({ encoding: "utf8", value });

async function addEntries(raw: Redis | Cluster, key: string, count: number, size = 10): Promise<string[]> {
  const pipeline = raw.pipeline();
  for (let index = 0; index < count; index++) pipeline.xadd(key, "*", "n", String(index), "pad", "p".repeat(size));
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, id]) => {
    if (error) throw error;
    return id as string;
  });
}

/** Clients blocked in a command, summed over every master. */
async function blockedClients(raw: Redis | Cluster): Promise<number> {
  const nodes = raw instanceof Cluster ? raw.nodes("master") : [raw];
  const infos = await Promise.all(nodes.map((node) => node.info("clients")));
  return infos.reduce((sum, info) => sum + Number(/blocked_clients:(\d+)/.exec(info)?.[1] ?? 0), 0);
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("condition never became true");
}

describe.each(TARGETS)("streams toolset on $name", ({ target }) => {
  const server = serveTarget(target);
  const call = server.call;

  it("stream_add appends with automatic or explicit ids, trims approximately, and rejects bad input", async () => {
    const { id } = structured<{ id: string }>(await call("stream_add", { key: "events", fields: { type: "login", user: "ada" } }));
    expect(id).toMatch(/^\d+-\d+$/);
    expect(await server.raw.xrange("events", "-", "+")).toEqual([[id, ["type", "login", "user", "ada"]]]);
    const explicit = "99999999999999-5";
    expect(structured(await call("stream_add", { key: "events", fields: { type: "logout" }, id: explicit }))).toEqual({ id: explicit });
    const tooLow = await call("stream_add", { key: "events", fields: { type: "late" }, id: "1-1" });
    expect(textOf(tooLow)).toMatch(/^E_REDIS_COMMAND: .*equal or smaller/);
    expect(textOf(await call("stream_add", { key: "events", fields: {} }))).toMatch(/^E_INVALID_ARGUMENT: .*at least one field/);
    expect(textOf(await call("stream_add", { key: "events", fields: { a: "1" }, maxLength: 1, minId: "1-0" }))).toMatch(
      /^E_INVALID_ARGUMENT: .*either maxLength or minId/,
    );

    // Approximate trimming drops whole 100-entry nodes: fewer than before, at least what was asked.
    await addEntries(server.raw, "log", 300);
    structured(await call("stream_add", { key: "log", fields: { n: "last" }, maxLength: 10 }));
    const trimmed = await server.raw.xlen("log");
    expect(trimmed).toBeLessThan(301);
    expect(trimmed).toBeGreaterThanOrEqual(10);
    const ids = await addEntries(server.raw, "byId", 300);
    structured(await call("stream_add", { key: "byId", fields: { n: "last" }, minId: ids[250] }));
    const kept = (await server.raw.xrange("byId", "-", "+")).map(([entryId]) => entryId);
    expect(kept.length).toBeLessThan(301);
    expect(kept).toEqual(expect.arrayContaining(ids.slice(250)));
  });

  it("stream_range reads forward, backward and between ids, and pages with an exclusive cursor", async () => {
    for (let index = 1; index <= 5; index++) await server.raw.xadd("s", `${index}-1`, "n", String(index));
    const all = structured<Range>(await call("stream_range", { key: "s" }));
    expect(all.entries.map((entry) => entry.id)).toEqual(["1-1", "2-1", "3-1", "4-1", "5-1"]);
    expect(all.entries[0]).toEqual({ id: "1-1", fields: { n: text("1") } });
    expect(all).toMatchObject({ length: 5, truncated: false });
    expect(all.nextCursor).toBeUndefined();
    const between = structured<Range>(await call("stream_range", { key: "s", start: "2", end: "4-1" }));
    expect(between.entries.map((entry) => entry.id)).toEqual(["2-1", "3-1", "4-1"]);

    const first = structured<Range>(await call("stream_range", { key: "s", reverse: true, limit: 2 }));
    expect(first.entries.map((entry) => entry.id)).toEqual(["5-1", "4-1"]);
    expect(first).toMatchObject({ truncated: true, nextCursor: "4-1" });
    const second = structured<Range>(await call("stream_range", { key: "s", reverse: true, limit: 2, end: "2-1", cursor: first.nextCursor }));
    expect(second.entries.map((entry) => entry.id)).toEqual(["3-1", "2-1"]);
    expect(second.truncated).toBe(false);

    expect(structured<Range>(await call("stream_range", { key: "none" }))).toEqual({ entries: [], length: 0, truncated: false });
    expect(textOf(await call("stream_range", { key: "s", cursor: "x" }))).toMatch(/^E_INVALID_ARGUMENT: cursor must be the nextCursor/);
    expect(textOf(await call("stream_range", { key: "s", start: "yesterday" }))).toMatch(/^E_INVALID_ARGUMENT: .*stream entry id/);
  });

  it("stream_info describes a stream and says when it does not exist", async () => {
    await server.raw.xadd("s", "1-1", "a", "1");
    await server.raw.xadd("s", "2-1", "b", "2");
    await server.raw.xgroup("CREATE", "s", "g", "0");
    const info = structured(await call("stream_info", { key: "s" }));
    expect(info).toEqual({
      length: 2,
      groups: 1,
      firstEntryId: "1-1",
      lastEntryId: "2-1",
      lastGeneratedId: "2-1",
      entriesAdded: 2,
      consumerGroups: [{ name: "g", consumers: 0, pending: 0, lastDeliveredId: "0-0", lag: 2 }],
      truncated: false,
    });
    await server.raw.xtrim("s", "MAXLEN", 0);
    const empty = structured(await call("stream_info", { key: "s" }));
    expect(empty).toMatchObject({ length: 0, groups: 1, firstEntryId: null, lastEntryId: null, lastGeneratedId: "2-1", entriesAdded: 2 });
    const missing = await call("stream_info", { key: "nope" });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/^E_NOT_FOUND: stream "nope" does not exist/);
  });

  it("consumer groups: create, read, pending, ack", async () => {
    expect(structured(await call("stream_group_create", { key: "jobs", group: "workers", startId: "0" }))).toEqual({ created: true });
    expect(structured(await call("stream_group_create", { key: "jobs", group: "workers" }))).toEqual({ created: false });
    expect(textOf(await call("stream_group_create", { key: "absent", group: "g", makeStream: false }))).toMatch(/^E_REDIS_COMMAND: /);
    expect(textOf(await call("stream_group_create", { key: "jobs", group: "g2", startId: "latest" }))).toMatch(/^E_INVALID_ARGUMENT: .*startId/);
    const ids = await addEntries(server.raw, "jobs", 5);

    const read = structured<GroupRead>(await call("stream_group_read", { key: "jobs", group: "workers", consumer: "w1", count: 3 }));
    expect(read.entries.map((entry) => entry.id)).toEqual(ids.slice(0, 3));
    expect(read.truncated).toBe(false);
    structured(await call("stream_group_read", { key: "jobs", group: "workers", consumer: "w2", count: 10 }));

    const summary = structured(await call("stream_pending", { key: "jobs", group: "workers" }));
    expect(summary).toEqual({
      summary: {
        count: 5,
        smallestId: ids[0],
        greatestId: ids[4],
        consumers: [
          { name: "w1", pending: 3 },
          { name: "w2", pending: 2 },
        ],
      },
      truncated: false,
    });
    const detailed = structured<{ entries: { id: string; consumer: string; deliveries: number }[] }>(
      await call("stream_pending", { key: "jobs", group: "workers", consumer: "w2", count: 10 }),
    );
    expect(detailed.entries.map((entry) => [entry.id, entry.consumer, entry.deliveries])).toEqual([
      [ids[3], "w2", 1],
      [ids[4], "w2", 1],
    ]);
    const idle = structured<{ entries: unknown[] }>(await call("stream_pending", { key: "jobs", group: "workers", minIdleMs: 3_600_000 }));
    expect(idle.entries).toEqual([]);

    // A consumer's pending entries can be read again from "0".
    const again = structured<GroupRead>(await call("stream_group_read", { key: "jobs", group: "workers", consumer: "w1", id: "0" }));
    expect(again.entries.map((entry) => entry.id)).toEqual(ids.slice(0, 3));

    expect(structured(await call("stream_ack", { key: "jobs", group: "workers", ids: ids.slice(0, 3) }))).toEqual({ acknowledged: 3 });
    expect(structured(await call("stream_ack", { key: "jobs", group: "workers", ids: ids.slice(0, 3) }))).toEqual({ acknowledged: 0 });
    expect(textOf(await call("stream_ack", { key: "jobs", group: "workers", ids: ["first"] }))).toMatch(/^E_INVALID_ARGUMENT: .*entry id/);
    expect(structured(await call("stream_pending", { key: "jobs", group: "workers" }))).toMatchObject({ summary: { count: 2 } });

    const noGroup = await call("stream_group_read", { key: "jobs", group: "nobody", consumer: "w1" });
    expect(textOf(noGroup)).toMatch(/^E_NOT_FOUND: .*no consumer group "nobody": create it with stream_group_create/);
    expect(textOf(await call("stream_pending", { key: "jobs", group: "nobody" }))).toMatch(/^E_NOT_FOUND: .*stream_group_create/);
    expect((await call("stream_group_read", { key: "jobs", group: "workers", consumer: "w1", blockMs: 60_000 })).isError).toBe(true);
  });

  it("stream_pending pages a long pending list with nextCursor", async () => {
    await server.raw.xgroup("CREATE", "q", "g", "0", "MKSTREAM");
    const ids = await addEntries(server.raw, "q", 7);
    structured(await call("stream_group_read", { key: "q", group: "g", consumer: "c", count: 10 }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = structured<{ entries: { id: string }[]; truncated: boolean; nextCursor?: string }>(
        await call("stream_pending", { key: "q", group: "g", count: 3, cursor }),
      );
      seen.push(...page.entries.map((entry) => entry.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect(textOf(await call("stream_pending", { key: "q", group: "g", cursor: "next" }))).toMatch(/^E_INVALID_ARGUMENT: cursor must be/);
  });

  it("stream_group_read with blockMs returns nothing when nothing arrives", async () => {
    structured(await call("stream_group_create", { key: "quiet", group: "g" }));
    const read = structured<GroupRead>(await call("stream_group_read", { key: "quiet", group: "g", consumer: "c", blockMs: 200 }));
    expect(read).toEqual({ entries: [], truncated: false });
  });

  it("stream_trim removes the oldest entries by length or id", async () => {
    const ids = await addEntries(server.raw, "t", 10);
    expect(structured(await call("stream_trim", { key: "t", maxLength: 6 }))).toEqual({ removed: 4 });
    expect(structured(await call("stream_trim", { key: "t", minId: ids[7] }))).toEqual({ removed: 3 });
    expect((await server.raw.xrange("t", "-", "+")).map(([id]) => id)).toEqual(ids.slice(7));
    expect(textOf(await call("stream_trim", { key: "t" }))).toMatch(/^E_INVALID_ARGUMENT: .*maxLength .* or minId/);
    expect((await call("stream_trim", { key: "t", maxLength: -1 })).isError).toBe(true);
  });

  it("binary field values go in as base64 and come back byte for byte", async () => {
    const avatar = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const { id } = structured<{ id: string }>(
      await call("stream_add", { key: "bin", fields: { avatar: avatar.toString("base64"), note: "aGk=" }, encoding: "base64" }),
    );
    const [[rawId, rawFields]] = (await server.raw.xrangeBuffer("bin", "-", "+")) as unknown as [[Buffer, Buffer[]]];
    expect(rawId.toString()).toBe(id);
    expect((rawFields[1] as Buffer).equals(avatar)).toBe(true);
    const range = structured<Range>(await call("stream_range", { key: "bin" }));
    expect(range.entries[0]?.fields).toEqual({ avatar: { encoding: "base64", value: (rawFields[1] as Buffer).toString("base64") }, note: text("hi") });
    structured(await call("stream_group_create", { key: "bin", group: "g", startId: "0" }));
    const read = structured<GroupRead>(await call("stream_group_read", { key: "bin", group: "g", consumer: "c" }));
    expect(read.entries[0]?.fields.avatar).toEqual({ encoding: "base64", value: avatar.toString("base64") });
    expect(textOf(await call("stream_add", { key: "bin", fields: { a: "***" }, encoding: "base64" }))).toMatch(/^E_INVALID_ARGUMENT: .*base64/);
  });

  it("names the right tool when a key holds another type", async () => {
    await server.raw.hset("profile", "name", "Ada");
    const result = await call("stream_range", { key: "profile" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^E_WRONG_TYPE: .*holds a hash: use hash_get/);
    expect(textOf(await call("stream_add", { key: "profile", fields: { a: "1" } }))).toMatch(/^E_WRONG_TYPE: .*use hash_get/);
  });
});

describe.each(TARGETS)("stream_group_read waiting on $name", ({ target }) => {
  // A command timeout longer than the wait: a read blocking the shared connection would hold
  // every other call until it ended empty-handed.
  // Under a key scope, so the dedicated connection must carry the scope too.
  const server = serveTarget(target, ["--redis-command-timeout-ms", "60000", "--key-prefix", "app:"]);
  const call = server.call;

  it("blocks on a connection of its own, so other calls go on and the entry they add is read", async () => {
    structured(await call("stream_group_create", { key: "inbox", group: "g" }));
    await server.raw.ping();
    const before = await blockedClients(server.raw);
    const reading = call("stream_group_read", { key: "inbox", group: "g", consumer: "c", blockMs: 20_000 });
    await waitFor(async () => (await blockedClients(server.raw)) > before);
    const { id } = structured<{ id: string }>(await call("stream_add", { key: "inbox", fields: { hello: "world" } }));
    const read = structured<GroupRead>(await reading);
    expect(read.entries).toEqual([{ id, fields: { hello: text("world") } }]);
    expect(await server.raw.xpending("app:inbox", "g")).toEqual([1, id, id, [["c", "1"]]]);
    await waitFor(async () => (await blockedClients(server.raw)) === before);
  });
});

describe.each(TARGETS)("streams toolset within a 16 KiB result budget on $name", ({ target }) => {
  const server = serveTarget(target, ["--max-result-bytes", String(BUDGET)]);
  const call = server.call;
  const withinBudget = (result: Result) => {
    expect(Buffer.byteLength(JSON.stringify(result.structuredContent))).toBeLessThanOrEqual(BUDGET);
    expect(Buffer.byteLength(textOf(result))).toBeLessThanOrEqual(BUDGET);
  };

  it.each([false, true])("stream_range pages 5,000 entries completely (reverse: %s), each page within the budget", async (reverse) => {
    const ids = await addEntries(server.raw, "big", 5000, 60);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const result = await call("stream_range", { key: "big", reverse, cursor, limit: 1000 });
      const page = structured<Range>(result);
      withinBudget(result);
      expect(page.length).toBe(5000);
      seen.push(...page.entries.map((entry) => entry.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(5000);
    expect(seen).toEqual(reverse ? [...ids].reverse() : ids);
  });

  it("stream_group_read keeps what does not fit pending and reads it with nextId", async () => {
    await server.raw.xgroup("CREATE", "work", "g", "0", "MKSTREAM");
    const ids = await addEntries(server.raw, "work", 400, 60);
    const first = await call("stream_group_read", { key: "work", group: "g", consumer: "c", count: 400 });
    withinBudget(first);
    let page = structured<GroupRead>(first);
    expect(page.truncated).toBe(true);
    const seen = page.entries.map((entry) => entry.id);
    while (page.nextId) {
      const result = await call("stream_group_read", { key: "work", group: "g", consumer: "c", id: page.nextId, count: 400 });
      withinBudget(result);
      page = structured<GroupRead>(result);
      seen.push(...page.entries.map((entry) => entry.id));
    }
    expect(seen).toEqual(ids);
    const pending = structured(await call("stream_pending", { key: "work", group: "g" }));
    expect(pending).toMatchObject({ summary: { count: 400 } });
    expect(structured(await call("stream_info", { key: "work" }))).toMatchObject({ length: 400, groups: 1, firstEntryId: ids[0], lastEntryId: ids[399] });
  });
});
