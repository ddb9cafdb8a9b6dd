import type { Server } from "node:http";
import express from "express";
import session from "express-session";
import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisSessionStore } from "../src/express/index.js";
import { baseUrl, gate, request } from "./support/http-client.js";
import { pause, TEST_KEY } from "./support/keys.js";
import { allKeys, topologies } from "./support/topologies.js";

declare module "express-session" {
  interface SessionData {
    userId: string;
    views: number;
  }
}

const MAX_AGE_MS = 60_000;

/** An express 5 app with express-session on our store: login, a counter, a held request, logout. */
function createApp(store: RedisSessionStore, slowGate: Promise<void>) {
  const app = express();
  app.use(
    session({ store, secret: "cookie-signing-secret-for-tests", resave: false, saveUninitialized: false, rolling: true, cookie: { maxAge: MAX_AGE_MS } }),
  );
  app.post("/login/:user", (req, res, next) => {
    req.session.regenerate((error) => {
      if (error) return next(error);
      req.session.userId = req.params.user;
      req.session.views = 0;
      req.session.save((saveError) => (saveError ? next(saveError) : res.json({ ok: true })));
    });
  });
  app.get("/me", (req, res) => {
    if (!req.session.userId) return void res.status(401).json({ error: "not logged in" });
    res.json({ userId: req.session.userId, views: req.session.views });
  });
  app.post("/view", (req, res) => {
    if (!req.session.userId) return void res.status(401).json({ error: "not logged in" });
    req.session.views = (req.session.views ?? 0) + 1;
    res.json({ views: req.session.views });
  });
  // Loads the session, changes it, and answers only when the test opens the gate: a request still
  // in flight while the user logs out elsewhere. express-session saves the session as it ends.
  app.post("/slow", async (req, res) => {
    req.session.views = 1_000;
    await slowGate;
    res.json({ done: true });
  });
  app.post("/logout", (req, res, next) => {
    req.session.destroy((error) => (error ? next(error) : res.json({ ok: true })));
  });
  return app;
}

describe.each(topologies)("express 5 + express-session with RedisSessionStore on $name", (topology) => {
  let redis: Redis | Cluster;
  let store: RedisSessionStore;
  let server: Server;
  let base: string;
  const slow = gate();

  beforeAll(async () => {
    redis = await topology.connect();
    store = new RedisSessionStore(redis, { secret: TEST_KEY, userId: (data) => data.userId });
    server = createApp(store, slow.opened).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = baseUrl(server);
  });
  afterAll(async () => {
    slow.open();
    await new Promise((resolve) => server.close(resolve));
    redis.disconnect();
  });

  it("logs in, serves requests with the cookie, logs out, and refuses the old cookie", async () => {
    const login = await request(base, "POST", "/login/ada");
    expect(login.status).toBe(200);
    expect(login.cookie).toMatch(/^connect\.sid=/);
    const cookie = login.cookie as string;
    expect((await request(base, "POST", "/view", cookie)).body).toEqual({ views: 1 });
    expect((await request(base, "GET", "/me", cookie)).body).toEqual({ userId: "ada", views: 1 });
    expect((await store.sessions.listForUser("ada")).map((listed) => listed.data.views)).toEqual([1]);

    expect((await request(base, "POST", "/logout", cookie)).status).toBe(200);
    expect((await request(base, "GET", "/me", cookie)).status).toBe(401);
    expect(await store.sessions.listForUser("ada")).toEqual([]);
    expect(await store.length()).toBe(0);
  });

  it("stores nothing readable: no user id, data or session id in Redis", async () => {
    const cookie = (await request(base, "POST", "/login/grace-hopper")).cookie as string;
    const sessionId = decodeURIComponent(cookie.split("=")[1] as string)
      .slice(2)
      .split(".")[0] as string;
    const dump: string[] = [];
    for (const key of await allKeys(redis)) {
      dump.push(key);
      if ((await redis.type(key)) === "hash") for (const value of Object.values(await redis.hgetallBuffer(key))) dump.push(value.toString("latin1"));
    }
    expect(dump.join("\n")).not.toMatch(/grace-hopper|views/);
    expect(dump.join("\n").includes(sessionId)).toBe(false);
    expect(await store.ids()).toEqual([sessionId]);
  });

  it("keeps the server-side TTL at the cookie's maxAge and extends it on each request (rolling cookie)", async () => {
    const cookie = (await request(base, "POST", "/login/ada")).cookie as string;
    const [session] = await store.sessions.listForUser("ada");
    const key = (await allKeys(redis)).find((name) => /^sess:\{[^}]+\}$/.test(name)) as string;
    const first = await redis.pttl(key);
    expect(first).toBeGreaterThan(MAX_AGE_MS - 5_000);
    expect(first).toBeLessThanOrEqual(MAX_AGE_MS);
    const expiry = await redis.pexpiretime(key);
    await pause(300);
    // An unmodified request: express-session resets the cookie and calls store.touch.
    expect((await request(base, "GET", "/me", cookie)).status).toBe(200);
    expect(await redis.pexpiretime(key)).toBeGreaterThanOrEqual(expiry + 250);
    expect(session?.userId).toBe("ada");
  });

  it("does not bring a session back when a request in flight ends after the logout", async () => {
    const cookie = (await request(base, "POST", "/login/ada")).cookie as string;
    const inFlight = request(base, "POST", "/slow", cookie);
    await pause(50); // /slow has loaded the session and waits
    expect((await request(base, "POST", "/logout", cookie)).status).toBe(200);
    slow.open(); // /slow ends: express-session saves its modified copy of the session
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

  it("answers the callback API of express-session's Store: all, length, ids, clear", async () => {
    await request(base, "POST", "/login/ada");
    await request(base, "POST", "/login/grace");
    const all = await new Promise<unknown[]>((resolve, reject) => store.all((error, sessions) => (error ? reject(error) : resolve(sessions ?? []))));
    expect(all.map((entry) => (entry as { userId: string }).userId).sort()).toEqual(["ada", "grace"]);
    expect(await new Promise((resolve) => store.length((_error, length) => resolve(length)))).toBe(2);
    expect((await store.ids()).sort()).toEqual(all.map((entry) => (entry as { id: string }).id).sort());
    await new Promise<void>((resolve, reject) => store.clear((error) => (error ? reject(error) : resolve())));
    expect(await store.length()).toBe(0);
  });
});
