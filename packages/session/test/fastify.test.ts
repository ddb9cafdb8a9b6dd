import fastifyCookie from "@fastify/cookie";
import fastifySession from "@fastify/session";
import Fastify, { type FastifyInstance } from "fastify";
import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisSessionStore } from "../src/express/index.js";
import { gate, request } from "./support/http-client.js";
import { pause, TEST_KEY } from "./support/keys.js";
import { allKeys, topologies } from "./support/topologies.js";

declare module "fastify" {
  interface Session {
    userId?: string;
    views?: number;
  }
}

const MAX_AGE_MS = 60_000;

describe.each(topologies)("fastify 5 + @fastify/session 11 with RedisSessionStore on $name", (topology) => {
  let redis: Redis | Cluster;
  let store: RedisSessionStore;
  let app: FastifyInstance;
  let base: string;
  const slow = gate();

  beforeAll(async () => {
    redis = await topology.connect();
    store = new RedisSessionStore(redis, { secret: TEST_KEY, userId: (data) => data.userId as string | undefined });
    app = Fastify();
    await app.register(fastifyCookie);
    await app.register(fastifySession, {
      store,
      secret: "a-cookie-signing-secret-of-at-least-32-chars",
      saveUninitialized: false,
      cookie: { secure: false, maxAge: MAX_AGE_MS },
    });
    app.post<{ Params: { user: string } }>("/login/:user", async (req) => {
      await req.session.regenerate();
      req.session.userId = req.params.user;
      req.session.views = 0;
      await req.session.save();
      return { ok: true };
    });
    app.get("/me", async (req, reply) => {
      if (!req.session.userId) return reply.code(401).send({ error: "not logged in" });
      return { userId: req.session.userId, views: req.session.views };
    });
    app.post("/view", async (req, reply) => {
      if (!req.session.userId) return reply.code(401).send({ error: "not logged in" });
      req.session.views = (req.session.views ?? 0) + 1;
      return { views: req.session.views };
    });
    app.post("/slow", async (req) => {
      req.session.views = 1_000;
      await slow.opened;
      return { done: true };
    });
    app.post("/logout", async (req) => {
      await req.session.destroy();
      return { ok: true };
    });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    slow.open();
    await app.close();
    redis.disconnect();
  });

  it("logs in, serves requests with the cookie, logs out, and refuses the old cookie", async () => {
    const login = await request(base, "POST", "/login/ada");
    expect(login.status).toBe(200);
    expect(login.cookie).toMatch(/^sessionId=/);
    const cookie = login.cookie as string;
    expect((await request(base, "POST", "/view", cookie)).body).toEqual({ views: 1 });
    expect((await request(base, "GET", "/me", cookie)).body).toEqual({ userId: "ada", views: 1 });
    expect((await store.sessions.listForUser("ada")).map((listed) => listed.data.views)).toEqual([1]);

    expect((await request(base, "POST", "/logout", cookie)).status).toBe(200);
    expect((await request(base, "GET", "/me", cookie)).status).toBe(401);
    expect(await store.sessions.listForUser("ada")).toEqual([]);
    expect(await store.length()).toBe(0);
  });

  it("keeps the server-side TTL at the cookie's maxAge and extends it on each request", async () => {
    const cookie = (await request(base, "POST", "/login/ada")).cookie as string;
    const key = (await allKeys(redis)).find((name) => /^sess:\{[^}]+\}$/.test(name)) as string;
    const first = await redis.pttl(key);
    expect(first).toBeGreaterThan(MAX_AGE_MS - 5_000);
    expect(first).toBeLessThanOrEqual(MAX_AGE_MS);
    const expiry = await redis.pexpiretime(key);
    await pause(300);
    // @fastify/session saves the session on every response (rolling by default), with a new expiry.
    expect((await request(base, "GET", "/me", cookie)).status).toBe(200);
    expect(await redis.pexpiretime(key)).toBeGreaterThanOrEqual(expiry + 250);
  });

  it("does not bring a session back when a request in flight ends after the logout", async () => {
    const cookie = (await request(base, "POST", "/login/ada")).cookie as string;
    const inFlight = request(base, "POST", "/slow", cookie);
    await pause(50);
    expect((await request(base, "POST", "/logout", cookie)).status).toBe(200);
    slow.open();
    expect((await inFlight).status).toBe(200);
    expect((await request(base, "GET", "/me", cookie)).status).toBe(401);
    expect(await store.sessions.listForUser("ada")).toEqual([]);
  });

  it("logs a user out everywhere", async () => {
    const phone = (await request(base, "POST", "/login/ada")).cookie as string;
    const laptop = (await request(base, "POST", "/login/ada")).cookie as string;
    const other = (await request(base, "POST", "/login/grace")).cookie as string;
    expect(await store.sessions.destroyAllForUser("ada")).toBe(2);
    expect((await request(base, "GET", "/me", phone)).status).toBe(401);
    expect((await request(base, "GET", "/me", laptop)).status).toBe(401);
    expect((await request(base, "GET", "/me", other)).status).toBe(200);
  });
});
