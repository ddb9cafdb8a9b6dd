import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionStore, type SessionStore } from "../src/index.js";
import { pause, TEST_KEY } from "./support/keys.js";
import { rawKeysOf } from "./support/raw-keys.js";
import { type Topology, topologies } from "./support/topologies.js";

/** Waits a random number of event-loop turns (0-3), so racing calls interleave differently each round. */
async function jitter(): Promise<void> {
  const turns = Math.floor(Math.random() * 4);
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve));
}

// Three app servers: three connections, three stores over the same keys.
describe.each(topologies)("logout races on $name", (topology: Topology) => {
  const clients: (Redis | Cluster)[] = [];
  let raw: Redis | Cluster;
  let stores: SessionStore[];

  beforeAll(async () => {
    for (let index = 0; index < 4; index++) clients.push(await topology.connect());
    raw = clients[3] as Redis | Cluster;
  });
  afterAll(() => {
    for (const client of clients) client.disconnect();
  });

  const storesWith = (ttlMs: number) => clients.slice(0, 3).map((client) => createSessionStore(client, { secret: TEST_KEY, ttlMs, rolling: true }));

  /** Every live session of `userId` among `ids` must be in its index with a bound covering its expiry. */
  async function expectIndexed(ids: string[], userId: string): Promise<number> {
    let live = 0;
    for (const id of ids) {
      const keys = rawKeysOf(id, userId);
      const [expiry, bound] = (await raw.hmget(keys.session, "e", "b")).map((value) => (value === null ? null : Number(value)));
      const score = await raw.zscore(keys.index, keys.member);
      if (expiry === null) continue;
      live += 1;
      expect(score).not.toBeNull();
      expect(expiry).toBeLessThanOrEqual(bound as number);
      expect(bound).toBeLessThanOrEqual(Number(score));
    }
    return live;
  }

  it("destroy on one server while the others touch, update, get and save cannot bring the session back", async () => {
    stores = storesWith(60_000);
    const [destroyer, first, second] = stores as [SessionStore, SessionStore, SessionStore];
    for (let round = 0; round < 25; round++) {
      const session = await first.create({ n: 0 }, { userId: "racer" });
      const work: Promise<unknown>[] = [];
      for (const store of [first, second]) {
        for (let index = 0; index < 8; index++) {
          work.push(
            jitter().then(() => store.touch(session.id)),
            jitter().then(() => store.update(session.id, { [`f${index}`]: index })),
            jitter().then(() => store.get(session.id)),
            jitter().then(() => store.set(session.id, { n: index }, { userId: "racer" })),
          );
        }
      }
      work.push(jitter().then(() => destroyer.destroy(session.id)));
      await Promise.all(work);
      const keys = rawKeysOf(session.id, "racer");
      for (const store of stores) expect(await store.get(session.id)).toBeNull();
      expect(await raw.exists(keys.session)).toBe(0);
      expect(await raw.exists(keys.tombstone)).toBe(1);
      expect(await raw.zscore(keys.index, keys.member)).toBeNull();
    }
    expect(await first.listForUser("racer")).toEqual([]);
  });

  it("destroy racing with reads that raise the index bound cannot put the index entry back", async () => {
    // After half the idle TTL, every read raises the bound (index first, then session). The TTL
    // leaves a margin, so the session is still alive when the destroy comes on a loaded machine.
    stores = storesWith(2_000);
    const [destroyer, reader] = stores as [SessionStore, SessionStore];
    for (let round = 0; round < 6; round++) {
      const session = await reader.create({ n: 0 }, { userId: "racer" });
      await pause(1_050);
      const reads = Array.from({ length: 10 }, () => jitter().then(() => reader.get(session.id)));
      const [destroyed] = await Promise.all([jitter().then(() => destroyer.destroy(session.id)), ...reads]);
      expect(destroyed).toBe(true);
      const keys = rawKeysOf(session.id, "racer");
      expect(await reader.get(session.id)).toBeNull();
      expect(await raw.zscore(keys.index, keys.member)).toBeNull();
    }
  });

  it("log out everywhere racing with use and new logins leaves no live session outside the index", async () => {
    stores = storesWith(60_000);
    const [admin, first, second] = stores as [SessionStore, SessionStore, SessionStore];
    for (let round = 0; round < 20; round++) {
      const existing = await Promise.all(Array.from({ length: 8 }, (_, index) => first.create({ device: index }, { userId: "ada" })));
      const created: Promise<string>[] = [];
      const work: Promise<unknown>[] = [jitter().then(() => admin.destroyAllForUser("ada"))];
      for (const session of existing) {
        work.push(
          jitter().then(() => first.touch(session.id)),
          jitter().then(() => second.update(session.id, { seen: true })),
          jitter().then(() => second.get(session.id)),
        );
      }
      for (let index = 0; index < 4; index++) created.push(jitter().then(async () => (await second.create({ late: index }, { userId: "ada" })).id));
      await Promise.all(work);
      const lateIds = await Promise.all(created);
      // Sessions that existed when the logout began are gone.
      for (const session of existing) expect(await first.get(session.id)).toBeNull();
      // Logins that raced with it may survive, but then they are in the index...
      await expectIndexed(lateIds, "ada");
      // ...so the next "log out everywhere" gets them.
      await admin.destroyAllForUser("ada");
      for (const id of [...existing.map((session) => session.id), ...lateIds]) expect(await first.get(id)).toBeNull();
      expect(await first.listForUser("ada")).toEqual([]);
    }
  });
});
