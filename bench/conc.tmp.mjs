import { randomBytes, createHash } from "node:crypto";
import { createRedis, closeRedis } from "@redis-mcp/core";
import { createSessionStore } from "@redis-mcp/session";
import { getScript } from "../packages/session/dist/session-scripts.js";
import { startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
const server = await startRedisServer();
const core = await createRedis({ port: server.port });
const plain = new Redis(server.port);
const secret = randomBytes(32);
const storeCore = createSessionStore(core, { secret, ttlMs: 3600000 });
const storePlain = createSessionStore(plain, { secret, ttlMs: 3600000 });
const ids = []; for (let i = 0; i < 1000; i++) ids.push((await storeCore.create({ a: i, b: "x".repeat(100) }, { userId: `user-${i % 100}` })).id);
const keys = ids.map((id) => `sess:{${createHash("sha256").update(id).digest("base64url")}}`);
const variants = {
  "core: 3 x hget": async (i) => { await core.hget(keys[i % 1000], "c"); await core.hget(keys[i % 1000], "a"); await core.hget(keys[i % 1000], "e"); },
  "core: getScript.runBuffer": (i) => getScript.runBuffer(core, [keys[i % 1000]], [1]),
  "core: store.get": (i) => storeCore.get(ids[i % 1000]),
  "plain: 3 x hget": async (i) => { await plain.hget(keys[i % 1000], "c"); await plain.hget(keys[i % 1000], "a"); await plain.hget(keys[i % 1000], "e"); },
  "plain: getScript.runBuffer": (i) => getScript.runBuffer(plain, [keys[i % 1000]], [1]),
  "plain: store.get": (i) => storePlain.get(ids[i % 1000]),
};
const res = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let r = 0; r < 5; r++) for (const [name, f] of Object.entries(variants)) { let next = 0; const n = Number(process.argv[2]) === 1 ? 1500 : 6000; const t = process.hrtime.bigint(); await Promise.all(Array.from({ length: Number(process.argv[2]) }, async () => { while (next < n) await f(next++); })); res[name].push(n / (Number(process.hrtime.bigint() - t) / 1e9)); }
for (const [k, xs] of Object.entries(res)) { xs.sort((a, b) => a - b); console.log(k.padEnd(30), Math.round(xs[2]), "ops/s"); }
await closeRedis(core); plain.disconnect(); await server.stop();
