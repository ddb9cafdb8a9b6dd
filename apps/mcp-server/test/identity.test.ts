import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnvironment, connectHttp, SERVER_BIN, startHttpServer, textOf } from "./support/server-process.js";

const TOKEN_A = "token-a-0123456789abcdef";
const TOKEN_B = "token-b-0123456789abcdef";

async function tokensFile(entries: unknown[]): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "redis-mcp-identity-")), "tokens.json");
  await writeFile(file, JSON.stringify(entries));
  return file;
}

function startFails(args: string[], environment: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [SERVER_BIN, "--http", "--port", "0", ...args], { env: cleanEnvironment(environment) }, (error, _stdout, stderr) =>
      resolve({ code: (error as { code?: number } | null)?.code ?? 0, stderr }),
    ),
  );
}

describe("token identity at start-up", () => {
  it("refuses two tokens with the same name", async () => {
    const tokens = await tokensFile([
      { name: "ci", token: TOKEN_A },
      { name: "ci", token: TOKEN_B },
    ]);
    const failure = await startFails(["--auth-tokens-file", tokens], { REDIS_URL: "redis://127.0.0.1:1" });
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/E_CONFIG_INVALID: .*two tokens are named "ci"/);
    expect(failure.stderr).not.toContain(TOKEN_A);
  });

  it("refuses a file token named like REDIS_MCP_AUTH_TOKEN's, and two tokens with one value", async () => {
    const named = await tokensFile([{ name: "default", token: TOKEN_B }]);
    const clash = await startFails(["--auth-tokens-file", named], { REDIS_URL: "redis://127.0.0.1:1", REDIS_MCP_AUTH_TOKEN: TOKEN_A });
    expect(clash.stderr).toMatch(/two tokens are named "default"/);
    const same = await tokensFile([
      { name: "one", token: TOKEN_A },
      { name: "two", token: TOKEN_A },
    ]);
    const duplicate = await startFails(["--auth-tokens-file", same], { REDIS_URL: "redis://127.0.0.1:1" });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/token "two" has the same value as another token/);
    expect(duplicate.stderr).not.toContain(TOKEN_A);
  });
});

describe("Redis connections are bound to the token, not to the user it names", () => {
  let redis: StandaloneRedis;
  beforeAll(async () => {
    redis = await startRedisServer({
      password: "admin-pass",
      users: [{ name: "reporter", password: "reporter-pass", rules: "~* +@all" }],
    });
  });
  afterAll(() => redis.stop());

  it("does not hand one token's authenticated connection to another token naming the same ACL user", async () => {
    const tokens = await tokensFile([
      { name: "right", token: TOKEN_A, redisUsername: "reporter", redisPassword: "reporter-pass" },
      { name: "wrong", token: TOKEN_B, redisUsername: "reporter", redisPassword: "guessed-pass" },
    ]);
    const server = await startHttpServer(["--auth-tokens-file", tokens], cleanEnvironment({ REDIS_URL: redis.url, REDIS_PASSWORD: "admin-pass" }));
    try {
      const right = await connectHttp(server.url, TOKEN_A);
      expect((await right.callTool({ name: "string_set", arguments: { key: "report", value: "q3" } })).isError).toBeFalsy();
      const wrong = await connectHttp(server.url, TOKEN_B);
      const refused = await wrong.callTool({ name: "string_get", arguments: { key: "report" } });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/^E_(AUTH|REDIS_UNAVAILABLE|TIMEOUT):/);
      expect(textOf(refused)).not.toContain("q3");
      await right.close();
      await wrong.close();
    } finally {
      await server.stop();
    }
  });
});

describe("confirmation tokens are bound to the principal and session of the dry run", () => {
  it("refuses a token from another session of the same caller and from another caller", async () => {
    const target = await useRedis();
    const raw = new Redis(target.port);
    const tokens = await tokensFile([
      { name: "ops-a", token: TOKEN_A, tier: "destructive" },
      { name: "ops-b", token: TOKEN_B, tier: "destructive" },
    ]);
    const server = await startHttpServer(["--tier", "destructive", "--auth-tokens-file", tokens], cleanEnvironment({ REDIS_URL: target.url }));
    const sessionA1 = await connectHttp(server.url, TOKEN_A);
    const sessionA2 = await connectHttp(server.url, TOKEN_A);
    const sessionB = await connectHttp(server.url, TOKEN_B);
    try {
      await Promise.all(Array.from({ length: 5 }, (_, index) => raw.set(`old:${index}`, "x")));
      const deleteKeys = (client: typeof sessionA1, args: Record<string, unknown>) => client.callTool({ name: "delete_keys", arguments: args });
      const dry = (await deleteKeys(sessionA1, { pattern: "old:*" })).structuredContent as { confirmationToken: string };
      const real = { pattern: "old:*", dryRun: false, confirmationToken: dry.confirmationToken };
      expect(textOf(await deleteKeys(sessionA2, real))).toMatch(/^E_CONFIRMATION_REQUIRED: .*another session or to another caller/);
      expect(textOf(await deleteKeys(sessionB, real))).toMatch(/^E_CONFIRMATION_REQUIRED: .*another session or to another caller/);
      expect(await raw.dbsize()).toBe(5);
      expect((await deleteKeys(sessionA1, real)).structuredContent).toMatchObject({ dryRun: false, deleted: 5 });
      expect(await raw.dbsize()).toBe(0);
    } finally {
      for (const client of [sessionA1, sessionA2, sessionB]) await client.close();
      raw.disconnect();
      await server.stop();
    }
  });
});
