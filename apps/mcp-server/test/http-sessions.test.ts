import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type EventStream, INITIALIZE, openEventStream, openSession, send, sessionHeaders, toolCall } from "./support/raw-http.js";
import { cleanEnvironment, connectHttp, type HttpServerProcess, startHttpServer, textOf } from "./support/server-process.js";

const GREEDY = "greedy-token-0123456789abcdef";
const POLITE = "polite-token-0123456789abcdef";

async function tokensFile(entries: unknown[]): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "redis-mcp-sessions-")), "tokens.json");
  await writeFile(file, JSON.stringify(entries));
  return file;
}

function sessionIdOf(opened: Awaited<ReturnType<typeof openSession>>): string {
  if (!("sessionId" in opened)) throw new Error(`initialize refused: ${opened.status} ${opened.body}`);
  return opened.sessionId;
}

describe("one token holder cannot lock out the others", () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    const redis = await useRedis();
    const tokens = await tokensFile([
      { name: "greedy", token: GREEDY },
      { name: "polite", token: POLITE },
    ]);
    server = await startHttpServer(
      ["--auth-tokens-file", tokens, "--max-sessions-per-token", "2", "--max-concurrent-requests-per-token", "2", "--max-concurrent-requests", "8"],
      cleanEnvironment({ REDIS_URL: redis.url }),
    );
  });
  afterAll(() => server.stop());

  it("caps each token's open sessions, while another token still gets in", async () => {
    const first = sessionIdOf(await openSession(server.url, GREEDY));
    const second = sessionIdOf(await openSession(server.url, GREEDY));
    const third = await openSession(server.url, GREEDY);
    expect(third).toMatchObject({ status: 429 });
    expect((third as { body: string }).body).toMatch(/2 open sessions, its quota/);
    const polite = await connectHttp(server.url, POLITE);
    expect((await polite.callTool({ name: "scan_keys", arguments: {} })).isError).toBeFalsy();
    await polite.close();
    // Closing a session gives its room back.
    expect((await send(server.url, { method: "DELETE", headers: sessionHeaders(first, GREEDY) })).status).toBe(200);
    const again = sessionIdOf(await openSession(server.url, GREEDY));
    for (const id of [second, again]) await send(server.url, { method: "DELETE", headers: sessionHeaders(id, GREEDY) });
  });

  it("counts a token's open event streams toward its concurrency, and the other token keeps working", async () => {
    const streams: EventStream[] = [];
    const sessions: string[] = [];
    try {
      // The greedy token fills its share with standing GET streams, then cannot add work.
      for (let index = 0; index < 2; index++) {
        const id = sessionIdOf(await openSession(server.url, GREEDY));
        sessions.push(id);
        const stream = await openEventStream(server.url, id, GREEDY);
        expect(stream.status).toBe(200);
        streams.push(stream);
      }
      const refused = await send(server.url, { body: toolCall(2, "scan_keys", {}), headers: sessionHeaders(sessions[0] as string, GREEDY) });
      expect(refused.status).toBe(429);
      expect(refused.body).toMatch(/Too many requests for this token: 2 in progress \(open event streams included\)/);
      // Another token is not affected.
      const polite = await connectHttp(server.url, POLITE);
      expect((await polite.callTool({ name: "string_set", arguments: { key: "still", value: "served" } })).isError).toBeFalsy();
      expect(textOf(await polite.callTool({ name: "string_get", arguments: { key: "still" } }))).toBe("served");
      await polite.close();
      // Closing a stream frees the greedy token's share again.
      await streams.shift()?.close();
      await vi.waitFor(async () => {
        const retried = await send(server.url, { body: toolCall(3, "scan_keys", {}), headers: sessionHeaders(sessions[0] as string, GREEDY) });
        expect(retried.status).toBe(200);
      });
    } finally {
      await Promise.all(streams.map((stream) => stream.close()));
      for (const id of sessions) await send(server.url, { method: "DELETE", headers: sessionHeaders(id, GREEDY) });
    }
  });
});

describe("server-wide limits", () => {
  it("counts open event streams toward --max-concurrent-requests, and serves again once one closes", async () => {
    const redis = await useRedis();
    const server = await startHttpServer(["--max-concurrent-requests", "2"], cleanEnvironment({ REDIS_URL: redis.url }));
    const streams: EventStream[] = [];
    try {
      for (let index = 0; index < 2; index++) {
        const id = sessionIdOf(await openSession(server.url));
        streams.push(await openEventStream(server.url, id));
      }
      const busy = await send(server.url, { body: INITIALIZE });
      expect(busy.status).toBe(503);
      expect(busy.headers["retry-after"]).toBe("1");
      expect(busy.body).toMatch(/Server busy: 2 requests in progress \(open event streams included\)/);
      await streams.shift()?.close();
      await vi.waitFor(async () => expect((await send(server.url, { body: INITIALIZE })).status).toBe(200));
    } finally {
      await Promise.all(streams.map((stream) => stream.close()));
      await server.stop();
    }
  });

  it("closes a session left idle for --session-idle-timeout-ms, and keeps one in use", async () => {
    const redis = await useRedis();
    const tokens = await tokensFile([{ name: "solo", token: GREEDY }]);
    const server = await startHttpServer(
      ["--auth-tokens-file", tokens, "--session-idle-timeout-ms", "1500", "--max-sessions-per-token", "2"],
      cleanEnvironment({ REDIS_URL: redis.url }),
    );
    try {
      const idle = sessionIdOf(await openSession(server.url, GREEDY));
      const used = sessionIdOf(await openSession(server.url, GREEDY));
      // Both seats are taken; keep one busy and wait for the idle one to be closed (new
      // initializations do not touch either session).
      let call = 10;
      await vi.waitFor(
        async () => {
          expect((await send(server.url, { body: toolCall(call++, "scan_keys", {}), headers: sessionHeaders(used, GREEDY) })).status).toBe(200);
          const opened = await openSession(server.url, GREEDY);
          expect(opened).toHaveProperty("sessionId");
        },
        { timeout: 15_000, interval: 250 },
      );
      expect((await send(server.url, { body: toolCall(99, "scan_keys", {}), headers: sessionHeaders(idle, GREEDY) })).status).toBe(404);
      expect((await send(server.url, { body: toolCall(100, "scan_keys", {}), headers: sessionHeaders(used, GREEDY) })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
