import { randomBytes } from "node:crypto";
import { closeRedis, createRedis } from "@redis-mcp/core";
import { createSessionStore } from "@redis-mcp/session";
import { startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";

const server = await startRedisServer();
const ours = await createRedis({ port: server.port });
const plain = new Redis(server.port);
const store = createSessionStore(ours, { secret: randomBytes(32), ttlMs: 3600000, rolling: true });
const appData = (index) => ({
  cart: [
    { sku: `sku-${index}`, quantity: 2 },
    { sku: "sku-0042", quantity: 1 },
  ],
  preferences: { theme: "dark", language: "en-GB", currency: "EUR" },
  csrfToken: randomBytes(16).toString("base64url"),
});
const ids = [];
for (let i = 0; i < 1000; i++) ids.push((await store.create(appData(i), { userId: `user-${i % 100}` })).id);
await store.get(ids[0]);
const { createHash } = await import("node:crypto");
const storageId = (id) => createHash("sha256").update(id).digest("base64url");
const script =
  "local f = redis.call('HGETALL', KEYS[1]) local t = redis.call('TIME') redis.call('HSET', KEYS[1], 'a', t[1]) redis.call('PEXPIREAT', KEYS[1], 1900000000000) return {1, 2, 0, f}";
const sha = await plain.script("LOAD", script);
const variants = {
  "3 x HGET (seed-like, 3 RTs)": async (i) => {
    const k = `sess:{${storageId(ids[i % 1000])}}`;
    await ours.hget(k, "c");
    await ours.hget(k, "a");
    await ours.hget(k, "e");
  },
  "1 x HGETALL buffer": async (i) => {
    await ours.hgetallBuffer(`sess:{${storageId(ids[i % 1000])}}`);
  },
  "raw evalshaBuffer similar script": async (i) => {
    await ours.evalshaBuffer(sha, 1, `sess:{${storageId(ids[i % 1000])}}`);
  },
  "store.peek": (i) => store.peek(ids[i % 1000]),
  "store.get": (i) => store.get(ids[i % 1000]),
};
const results = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let r = 0; r < 9; r++)
  for (const [name, f] of Object.entries(variants)) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < 1500; i++) await f(i);
    results[name].push(Number(process.hrtime.bigint() - t) / 1e3 / 1500);
  }
for (const [name, xs] of Object.entries(results)) {
  xs.sort((a, b) => a - b);
  console.log(name.padEnd(36), xs[4].toFixed(1), "µs/op median");
}
console.log(
  (await ours.info("commandstats"))
    .split("\n")
    .filter((l) => /evalsha|hgetall|hget:/.test(l))
    .join("\n"),
);
await closeRedis(ours);
plain.disconnect();
await server.stop();
