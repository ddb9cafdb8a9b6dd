import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@redis-mcp/core/local-server";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { describe, expect, it } from "vitest";
import { cleanEnvironment, connectStdio, SERVER_BIN } from "./support/server-process.js";

/** PIDs of processes whose command line mentions `fragment` (Linux /proc). */
async function processesMentioning(fragment: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (commandLine.includes(fragment)) pids.push(Number(entry));
  }
  return pids;
}

async function waitFor(check: () => Promise<boolean>, milliseconds = 10_000): Promise<boolean> {
  const deadline = Date.now() + milliseconds;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe("the embedded default Redis", () => {
  it("uses the Redis answering at the default address when nothing is configured", async () => {
    const redis = await useRedis();
    const connection = await connectStdio([], cleanEnvironment({ REDIS_MCP_DEFAULT_REDIS: `127.0.0.1:${redis.port}` }));
    try {
      expect(connection.stderr()).toContain(`using the one answering on 127.0.0.1:${redis.port}`);
      expect((await connection.client.callTool({ name: "scan_keys", arguments: {} })).isError).toBeFalsy();
    } finally {
      await connection.close();
    }
  });

  it("otherwise starts a private redis-server with AOF, stops it with the server, and keeps its data", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "redis-mcp-embedded-"));
    const environment = cleanEnvironment({ REDIS_MCP_DEFAULT_REDIS: `127.0.0.1:${await freePort()}`, REDIS_MCP_DATA_DIR: dataDir });
    const configPath = join(dataDir, "redis", "redis.conf");
    const first = await connectStdio([], environment);
    expect(first.stderr()).toMatch(/started a private redis-server on 127\.0\.0\.1:\d+ \(AOF in .*redis-mcp-embedded-/);
    const config = await readFile(configPath, "utf8");
    // redis-server rewrites its process title to "redis-server 127.0.0.1:<port>".
    const title = `redis-server 127.0.0.1:${/^port (\d+)$/m.exec(config)?.[1]}`;
    expect(await processesMentioning(title)).toHaveLength(1);
    expect(config).toMatch(/^requirepass [0-9a-f]{48}$/m);
    expect(config).toContain("appendonly yes");
    await first.client.callTool({ name: "queue_enqueue", arguments: { queue: "kept", payloads: [{ order: 1 }] } });
    await first.close();
    expect(await waitFor(async () => (await processesMentioning(title)).length === 0)).toBe(true);

    const second = await connectStdio([], environment);
    const secondTitle = `redis-server 127.0.0.1:${/^port (\d+)$/m.exec(await readFile(configPath, "utf8"))?.[1]}`;
    try {
      const stats = await second.client.callTool({ name: "queue_stats", arguments: { queue: "kept" } });
      expect(stats.structuredContent).toMatchObject({ ready: 1 });
    } finally {
      await second.close();
    }
    expect(await waitFor(async () => (await processesMentioning(secondTitle)).length === 0)).toBe(true);
  });

  it("exits with install instructions when there is no redis-server either", async () => {
    const failure = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [SERVER_BIN],
        { env: { PATH: "/nonexistent", HOME: tmpdir(), REDIS_MCP_DEFAULT_REDIS: "127.0.0.1:1", REDIS_MCP_DATA_DIR: tmpdir() } },
        (error, _stdout, stderr) => resolve({ code: (error as { code?: number } | null)?.code ?? 0, stderr }),
      ),
    );
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/redis-server is not installed[\s\S]*REDIS_URL[\s\S]*apt-get install -y redis-server/);
  });
});
