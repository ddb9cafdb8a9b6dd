import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnvironment, connectHttp, startHttpServer, textOf } from "./support/server-process.js";

const WRITER = "writer-token-0123456789abcdef";
const READER = "reader-token-0123456789abcdef";

describe("per-token Redis ACL users", () => {
  let redis: StandaloneRedis;
  beforeAll(async () => {
    redis = await startRedisServer({
      password: "admin-pass",
      users: [{ name: "reporter", password: "reporter-pass", rules: "~* +@read +@connection +info +role +evalsha +eval +script" }],
    });
  });
  afterAll(() => redis.stop());

  it("runs each token's calls as its own ACL user", async () => {
    const tokens = join(await mkdtemp(join(tmpdir(), "redis-mcp-acl-")), "tokens.json");
    await writeFile(
      tokens,
      JSON.stringify([
        { name: "app", token: WRITER },
        { name: "reports", token: READER, redisUsername: "reporter", redisPassword: "reporter-pass" },
      ]),
    );
    const server = await startHttpServer(["--auth-tokens-file", tokens], cleanEnvironment({ REDIS_URL: redis.url, REDIS_PASSWORD: "admin-pass" }));
    try {
      const app = await connectHttp(server.url, WRITER);
      const reports = await connectHttp(server.url, READER);
      expect((await app.callTool({ name: "string_set", arguments: { key: "total", value: "42" } })).isError).toBeFalsy();
      expect(textOf(await reports.callTool({ name: "string_get", arguments: { key: "total" } }))).toBe("42");
      const refused = await reports.callTool({ name: "string_set", arguments: { key: "total", value: "0" } });
      expect(textOf(refused)).toMatch(/^E_NO_PERMISSION: .*ACL/);
      expect(textOf(await app.callTool({ name: "string_get", arguments: { key: "total" } }))).toBe("42");
      await app.close();
      await reports.close();
    } finally {
      await server.stop();
    }
  });
});

describe("HTTP limits", () => {
  it("stops a call that outlives --request-timeout-ms with E_TIMEOUT", async () => {
    const target = await useRedis();
    const server = await startHttpServer(["--request-timeout-ms", "300"], cleanEnvironment({ REDIS_URL: target.url }));
    try {
      const client = await connectHttp(server.url);
      const result = await client.callTool({ name: "list_pop", arguments: { key: "empty", waitMs: 5000 } });
      expect(textOf(result)).toMatch(/^E_TIMEOUT: the call took longer than 300 ms and was stopped/);
      expect((await client.callTool({ name: "scan_keys", arguments: {} })).isError).toBeFalsy();
      await client.close();
    } finally {
      await server.stop();
    }
  });
});
