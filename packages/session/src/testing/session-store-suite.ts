import type { SessionData } from "../session-data.js";
import type { SessionStore } from "../session-types.js";

/** The assertions the suite uses; vitest's and jest's `expect` fit. */
export interface SuiteAssertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeNull(): void;
  toBeGreaterThan(expected: number): void;
  toBeGreaterThanOrEqual(expected: number): void;
  toBeLessThanOrEqual(expected: number): void;
  toMatch(expected: RegExp): void;
  toHaveLength(expected: number): void;
  not: SuiteAssertion;
}

/** Options the suite asks a store for; an implementation must honour them. */
export interface SuiteStoreOptions {
  ttlMs: number;
  rolling: boolean;
  maxSessionBytes: number;
}

/** What {@link registerSessionStoreSuite} needs: your test framework's functions and a store factory. */
export interface SessionStoreSuiteOptions {
  /** Shown as the outer `describe` block, e.g. `"redis store on cluster"`. */
  name: string;
  describe: (name: string, body: () => void) => void;
  it: (name: string, body: () => Promise<void>, timeout?: number) => void;
  expect: (actual: unknown) => SuiteAssertion;
  /** A store over an empty backend (every test starts with no sessions). */
  createStore(options: SuiteStoreOptions): SessionStore | Promise<SessionStore>;
}

const DEFAULTS: SuiteStoreOptions = { ttlMs: 60_000, rolling: true, maxSessionBytes: 4_096 };

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** The `code` of what `work` rejected with, or "resolved". */
async function codeOf(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
    return "resolved";
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
}

/**
 * Registers the session-store conformance tests: the behaviour every {@link SessionStore} must
 * have (ids, rolling expiry, atomic merges, destroy that sticks, per-user index, bad input), run
 * against your implementation with your test framework, as bentocache's driver suite does.
 * @example
 * import { describe, expect, it } from "vitest";
 * import { registerSessionStoreSuite } from "@redis-mcp/session/testing";
 * registerSessionStoreSuite({ name: "my store", describe, it, expect, createStore: (options) => createSessionStore(redis, { secret, ...options }) });
 */
export function registerSessionStoreSuite(suite: SessionStoreSuiteOptions): void {
  const { describe, it, expect } = suite;
  const storeWith = async (options: Partial<SuiteStoreOptions> = {}): Promise<SessionStore<SessionData>> => suite.createStore({ ...DEFAULTS, ...options });

  describe(suite.name, () => {
    it("create() returns the session with a 256-bit URL-safe id and its metadata", async () => {
      const store = await storeWith();
      const session = await store.create({ cart: [1, 2], theme: "dark" }, { userId: "ada", ip: "203.0.113.7", userAgent: "test-agent" });
      expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(session.data).toEqual({ cart: [1, 2], theme: "dark" });
      expect([session.userId, session.ip, session.userAgent]).toEqual(["ada", "203.0.113.7", "test-agent"]);
      expect(session.lastAccessed).toBeGreaterThanOrEqual(session.createdAt);
      expect(session.expiresAt - session.lastAccessed).toBe(60_000);
    });

    it("create() gives every session its own id", async () => {
      const store = await storeWith();
      const sessions = await Promise.all(Array.from({ length: 100 }, () => store.create({})));
      expect(new Set(sessions.map((session) => session.id)).size).toBe(100);
    });

    it("get() returns what create() stored, and null for an unknown id", async () => {
      const store = await storeWith();
      const created = await store.create({ nested: { list: ["a", { b: null }] }, flag: true }, { userId: 7 });
      const read = await store.get(created.id);
      expect(read?.data).toEqual({ nested: { list: ["a", { b: null }] }, flag: true });
      expect([read?.id, read?.userId, read?.createdAt]).toEqual([created.id, "7", created.createdAt]);
      expect(await store.get("no-such-session")).toBeNull();
    });

    it("get() extends the expiry on each access with rolling expiry", async () => {
      const store = await storeWith({ rolling: true });
      const created = await store.create({});
      await pause(20);
      const first = await store.get(created.id);
      await pause(20);
      const second = await store.get(created.id);
      expect(first?.expiresAt ?? 0).toBeGreaterThan(created.expiresAt);
      expect(second?.expiresAt ?? 0).toBeGreaterThan(first?.expiresAt ?? 0);
      expect((second?.expiresAt ?? 0) - (second?.lastAccessed ?? 0)).toBe(60_000);
    });

    it("get() marks the session accessed but keeps its expiry without rolling expiry", async () => {
      const store = await storeWith({ rolling: false });
      const created = await store.create({});
      await pause(20);
      const read = await store.get(created.id);
      expect(read?.expiresAt).toBe(created.expiresAt);
      expect(read?.lastAccessed ?? 0).toBeGreaterThan(created.lastAccessed);
    });

    it("peek() reads without marking the session used", async () => {
      const store = await storeWith({ rolling: true });
      const created = await store.create({ a: 1 });
      await pause(20);
      const peeked = await store.peek(created.id);
      expect([peeked?.data, peeked?.lastAccessed, peeked?.expiresAt]).toEqual([{ a: 1 }, created.lastAccessed, created.expiresAt]);
    });

    it("touch() extends the expiry, and answers false for an unknown id", async () => {
      const store = await storeWith({ rolling: false });
      const created = await store.create({});
      await pause(20);
      expect(await store.touch(created.id)).toBe(true);
      expect((await store.peek(created.id))?.expiresAt ?? 0).toBeGreaterThan(created.expiresAt);
      expect(await store.touch("no-such-session")).toBe(false);
    });

    it("update() merges top-level fields, removes undefined ones, and returns null for an unknown id", async () => {
      const store = await storeWith();
      const created = await store.create({ keep: 1, drop: 2, change: 3 });
      const updated = await store.update(created.id, { drop: undefined, change: 30, add: 4 });
      expect(updated?.data).toEqual({ keep: 1, change: 30, add: 4 });
      expect((await store.get(created.id))?.data).toEqual({ keep: 1, change: 30, add: 4 });
      expect(await store.update("no-such-session", { a: 1 })).toBeNull();
    });

    it("update() of 50 distinct fields at once keeps all 50", async () => {
      const store = await storeWith();
      const created = await store.create({ base: true });
      await Promise.all(Array.from({ length: 50 }, (_, index) => store.update(created.id, { [`field${index}`]: index })));
      const data = (await store.get(created.id))?.data ?? {};
      expect(Object.keys(data)).toHaveLength(51);
      for (let index = 0; index < 50; index++) expect(data[`field${index}`]).toBe(index);
    });

    it("destroy() removes the session for good", async () => {
      const store = await storeWith();
      const created = await store.create({ a: 1 }, { userId: "ada" });
      expect(await store.destroy(created.id)).toBe(true);
      expect(await store.get(created.id)).toBeNull();
      expect(await store.update(created.id, { a: 2 })).toBeNull();
      expect(await store.touch(created.id)).toBe(false);
      expect(await store.set(created.id, { a: 3 })).toBe(false);
      expect(await store.peek(created.id)).toBeNull();
      expect(await store.destroy(created.id)).toBe(false);
      expect(await store.listForUser("ada")).toEqual([]);
    });

    it("destroy() racing with touches, updates, gets and sets cannot bring the session back", async () => {
      const store = await storeWith();
      for (let round = 0; round < 10; round++) {
        const created = await store.create({ n: 0 }, { userId: "racer" });
        const work: Promise<unknown>[] = [];
        for (let index = 0; index < 20; index++) {
          if (index === 10) work.push(store.destroy(created.id));
          work.push(
            store.touch(created.id),
            store.update(created.id, { [`f${index}`]: index }),
            store.get(created.id),
            store.set(created.id, { n: index }, { userId: "racer" }),
          );
        }
        const outcomes = await Promise.allSettled(work);
        expect(outcomes.filter((outcome) => outcome.status === "rejected")).toHaveLength(0);
        expect(await store.get(created.id)).toBeNull();
        expect(await store.set(created.id, { n: 99 }, { userId: "racer" })).toBe(false);
      }
      expect(await store.listForUser("racer")).toEqual([]);
    });

    it("set() writes a session under a given id, replacing its data", async () => {
      const store = await storeWith();
      expect(await store.set("express-style-id-1", { a: 1, b: 2 }, { userId: "ada" })).toBe(true);
      expect(await store.set("express-style-id-1", { b: 3 }, { userId: "ada" })).toBe(true);
      const read = await store.get("express-style-id-1");
      expect([read?.data, read?.userId]).toEqual([{ b: 3 }, "ada"]);
      expect((await store.listForUser("ada")).map((session) => session.id)).toEqual(["express-style-id-1"]);
    });

    it("set() with another user moves the session between user indexes", async () => {
      const store = await storeWith();
      await store.set("moving-id", { a: 1 }, { userId: "ada" });
      await store.set("moving-id", { a: 1 }, { userId: "grace" });
      expect(await store.listForUser("ada")).toEqual([]);
      expect((await store.listForUser("grace")).map((session) => session.id)).toEqual(["moving-id"]);
      expect(await store.destroyAllForUser("ada")).toBe(0);
      expect(await store.get("moving-id")).not.toBeNull();
    });

    it("listForUser() lists a user's live sessions, most recently used first", async () => {
      const store = await storeWith();
      const older = await store.create({ device: "phone" }, { userId: "ada" });
      const newer = await store.create({ device: "laptop" }, { userId: "ada" });
      await store.create({ device: "other" }, { userId: "grace" });
      await store.create({ device: "anonymous" });
      await pause(5);
      await store.get(older.id);
      const listed = await store.listForUser("ada");
      expect(listed.map((session) => session.id)).toEqual([older.id, newer.id]);
      expect(listed.map((session) => session.data.device)).toEqual(["phone", "laptop"]);
    });

    it("destroyAllForUser() destroys every session of that user and no other", async () => {
      const store = await storeWith();
      const mine = await Promise.all([1, 2, 3].map((device) => store.create({ device }, { userId: "ada" })));
      const theirs = await store.create({ device: 4 }, { userId: "grace" });
      expect(await store.destroyAllForUser("ada")).toBe(3);
      for (const session of mine) expect(await store.get(session.id)).toBeNull();
      expect(await store.get(theirs.id)).not.toBeNull();
      expect(await store.listForUser("ada")).toEqual([]);
      expect(await store.destroyAllForUser("ada")).toBe(0);
    });

    it("count() counts live sessions, sessions() lists them, clear() destroys them all", async () => {
      const store = await storeWith();
      const created = await Promise.all(Array.from({ length: 12 }, (_, index) => store.create({ index }, { userId: index % 2 === 0 ? "even" : undefined })));
      await store.destroy((created[0] as { id: string }).id);
      expect(await store.count()).toBe(11);
      const walked: string[] = [];
      for await (const session of store.sessions()) walked.push(session.id);
      expect(walked.sort()).toEqual(
        created
          .slice(1)
          .map((session) => session.id)
          .sort(),
      );
      expect(await store.clear()).toBe(11);
      expect(await store.count()).toBe(0);
      expect(await store.listForUser("even")).toEqual([]);
      expect(await store.get((created[1] as { id: string }).id)).toBeNull();
    });

    it("expired sessions are gone and leave their user's index", async () => {
      const store = await storeWith({ ttlMs: 150 });
      const created = await store.create({ a: 1 }, { userId: "ada" });
      await pause(400);
      expect(await store.get(created.id)).toBeNull();
      expect(await store.listForUser("ada")).toEqual([]);
      expect(await store.count()).toBe(0);
    });

    it("data JSON cannot hold faithfully is E_SESSION_INVALID and writes nothing", async () => {
      const store = await storeWith();
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      for (const data of [{ f: () => 1 }, { big: 10n }, { map: new Map([["a", 1]]) }, { n: Number.NaN }, circular, { list: [undefined] }]) {
        expect(await codeOf(() => store.create(data as SessionData))).toBe("E_SESSION_INVALID");
      }
      const created = await store.create({ keep: 1 });
      expect(await codeOf(() => store.update(created.id, { bad: Symbol("x") }))).toBe("E_SESSION_INVALID");
      expect((await store.get(created.id))?.data).toEqual({ keep: 1 });
      expect(await store.count()).toBe(1);
    });

    it("an oversized session is E_SESSION_TOO_LARGE and changes nothing", async () => {
      const store = await storeWith({ maxSessionBytes: 4_096 });
      expect(await codeOf(() => store.create({ blob: "x".repeat(5_000) }))).toBe("E_SESSION_TOO_LARGE");
      expect(await store.count()).toBe(0);
      const created = await store.create({ a: "x".repeat(1_500), b: "y".repeat(1_500) });
      expect(await codeOf(() => store.update(created.id, { c: "z".repeat(1_500) }))).toBe("E_SESSION_TOO_LARGE");
      expect(Object.keys((await store.get(created.id))?.data ?? {}).sort()).toEqual(["a", "b"]);
      expect((await store.update(created.id, { a: undefined, c: "z".repeat(1_500) }))?.data.c).toBe("z".repeat(1_500));
    });

    it("malformed ids and options are E_INVALID_ARGUMENT", async () => {
      const store = await storeWith();
      expect(await codeOf(() => store.get(""))).toBe("E_INVALID_ARGUMENT");
      expect(await codeOf(() => store.get(42 as unknown as string))).toBe("E_INVALID_ARGUMENT");
      expect(await codeOf(() => store.create({}, { ttlMs: -1 }))).toBe("E_INVALID_ARGUMENT");
      expect(await codeOf(() => store.create({}, { userId: "" }))).toBe("E_INVALID_ARGUMENT");
      expect(await store.count()).toBe(0);
    });
  });
}
