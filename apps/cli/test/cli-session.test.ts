import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSessionStore } from "@redis-mcp/session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson, stable, type Target, targets } from "./support/cli.js";

const SECRET = "a passphrase of more than thirty-two bytes, for tests";
const env = { REDIS_MCP_SESSION_SECRET: SECRET };

interface SessionDocument {
  id: string;
  userId: string | null;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown>;
  createdAt: number;
  lastAccessed: number;
  expiresAt: number;
}

/** Session ids are random: replaced for snapshots. (An id may start with "-", so tests pass it after "--".) */
function withoutIds(text: string): string {
  return stable(text).replace(/[A-Za-z0-9_-]{43}/g, "<id>");
}

describe.each(targets)("session commands on $name", (target) => {
  let redis: Target;
  let directory: string;
  beforeAll(async () => {
    redis = await target.connect();
    directory = await mkdtemp(join(tmpdir(), "redis-mcp-cli-session-"));
  });
  afterAll(async () => {
    redis.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** The store as the application creates it, with the same secret. */
  const appStore = () => createSessionStore(redis.client, { secret: SECRET });

  it("create writes a session the application reads, with its user index", async () => {
    const { code, json } = await runJson<SessionDocument>(
      ["session", "create", "--user", "42", "--data", '{"cart":[1,2]}', "--ip", "10.0.0.1", "--user-agent", "curl/8", "--ttl", "30m", ...redis.flags],
      { env },
    );
    expect(code).toBe(0);
    expect(json).toMatchObject({ userId: "42", ip: "10.0.0.1", userAgent: "curl/8", data: { cart: [1, 2] } });
    expect(json.expiresAt - json.lastAccessed).toBe(30 * 60_000);
    const session = await appStore().peek(json.id);
    expect(session).toMatchObject({ id: json.id, userId: "42", data: { cart: [1, 2] } });
    expect((await appStore().listForUser("42")).map((one) => one.id)).toEqual([json.id]);
  });

  it("get peeks without marking the session used; --touch marks it", async () => {
    const created = await appStore().create({ theme: "dark" }, { userId: "7", ttlMs: 600_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const peeked = await runJson<SessionDocument>(["session", "get", ...redis.flags, "--", created.id], { env });
    expect(peeked.json).toMatchObject({ id: created.id, userId: "7", data: { theme: "dark" }, lastAccessed: created.lastAccessed });
    const touched = await runJson<SessionDocument>(["session", "get", "--touch", ...redis.flags, "--", created.id], { env });
    expect(touched.json.lastAccessed).toBeGreaterThan(created.lastAccessed);
  });

  it("reads the secret from --session-secret-file, and a wrong secret finds no session (exit 1)", async () => {
    const created = await appStore().create({ a: 1 });
    const file = join(directory, "secret");
    await writeFile(file, `${SECRET}\n`, { mode: 0o600 });
    expect((await runJson<SessionDocument>(["session", "get", "--session-secret-file", file, ...redis.flags, "--", created.id])).json.id).toBe(created.id);
    const wrong = await runCli(["session", "get", ...redis.flags, "--", created.id], {
      env: { REDIS_MCP_SESSION_SECRET: "another passphrase that is long enough, but wrong" },
    });
    expect(wrong).toMatchObject({ code: 1, stdout: "" });
    expect(wrong.stderr).toBe("redis-mcp: no such session (absent, expired, destroyed, or written with another secret).\n");
  });

  it("list shows a user's sessions, most recently used first", async () => {
    const store = appStore();
    const first = await store.create({ n: 1 }, { userId: "u1" });
    const second = await store.create({ n: 2 }, { userId: "u1" });
    await store.create({ n: 3 }, { userId: "u2" });
    await store.get(first.id);
    const { json } = await runJson<{ userId: string; sessions: SessionDocument[] }>(["session", "list", "--user", "u1", ...redis.flags], { env });
    expect(json.userId).toBe("u1");
    expect(json.sessions.map((session) => session.id)).toEqual([first.id, second.id]);
    const human = await runCli(["session", "list", "--user", "u1", ...redis.flags], { env });
    expect(human.stdout).toMatch(/^2 sessions of user u1\n\nID +LAST USED \(UTC\) +EXPIRES \(UTC\) +IP +USER AGENT\n/);
  });

  it("destroy ends one session (exit 1 when there was none); destroy-user ends all of a user's", async () => {
    const store = appStore();
    const one = await store.create({}, { userId: "u1" });
    await store.create({}, { userId: "u1" });
    const other = await store.create({}, { userId: "u2" });
    expect((await runJson(["session", "destroy", ...redis.flags, "--", one.id], { env })).json).toEqual({ destroyed: true });
    expect(await store.peek(one.id)).toBeNull();
    const again = await runJson(["session", "destroy", ...redis.flags, "--", one.id], { env });
    expect(again).toMatchObject({ code: 1, json: { destroyed: false } });
    const all = await runJson(["session", "destroy-user", "u1", ...redis.flags], { env });
    expect(all).toMatchObject({ code: 0, json: { userId: "u1", destroyed: 1 } });
    expect(await store.listForUser("u1")).toEqual([]);
    expect(await store.peek(other.id)).not.toBeNull();
  });

  it("without a secret, or with a short one, says where to put it (exit 2) and never echoes it", async () => {
    const none = await runCli(["session", "list", "--user", "u1", ...redis.flags]);
    expect(none).toMatchObject({
      code: 2,
      stderr:
        "redis-mcp: no session secret: set REDIS_MCP_SESSION_SECRET or pass --session-secret-file <file>, with the secret the application's session store uses.\n",
    });
    const short = await runCli(["session", "list", "--user", "u1", ...redis.flags], { env: { REDIS_MCP_SESSION_SECRET: "tiny-secret-value" } });
    expect(short).toMatchObject({
      code: 2,
      stderr: "redis-mcp: the session secret from REDIS_MCP_SESSION_SECRET is too short: use at least 32 bytes, as the application does.\n",
    });
    expect(short.stderr).not.toContain("tiny-secret-value");
    const missingFile = await runCli(["session", "list", "--user", "u1", "--session-secret-file", join(directory, "absent"), ...redis.flags]);
    expect(missingFile).toMatchObject({ code: 2, stderr: `redis-mcp: cannot read --session-secret-file ${join(directory, "absent")}: ENOENT.\n` });
    const badData = await runCli(["session", "create", "--data", "[1]", ...redis.flags], { env });
    expect(badData).toMatchObject({ code: 2, stderr: "redis-mcp: --data must be a JSON object such as '{\"cart\":[1,2]}'; got [1].\n" });
  });

  it("human output", async () => {
    const created = await runCli(["session", "create", "--user", "9", "--data", '{"theme":"dark"}', ...redis.flags], { env });
    const id = /^id +(\S+)$/m.exec(created.stdout)?.[1] ?? "";
    const outputs = [
      created,
      await runCli(["session", "get", ...redis.flags, "--", id], { env }),
      await runCli(["session", "destroy", ...redis.flags, "--", id], { env }),
      await runCli(["session", "destroy-user", "9", ...redis.flags], { env }),
      await runCli(["session", "list", "--user", "9", ...redis.flags], { env }),
    ].map((run) => withoutIds(run.stdout));
    expect(outputs).toMatchSnapshot();
  });
});
