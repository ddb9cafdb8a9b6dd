import { spawn } from "node:child_process";
import { startRedisServer } from "@redis-mcp/test-redis";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { describe, expect, it } from "vitest";
import { cleanEnvironment, connectStdio, SERVER_BIN, textOf } from "./support/server-process.js";

async function eventually<T>(attempt: () => Promise<T>, check: (value: T) => boolean, milliseconds = 15_000): Promise<T> {
  const deadline = Date.now() + milliseconds;
  for (;;) {
    const value = await attempt();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("redis-mcp-server over stdio", () => {
  it("initializes with instructions naming the tier, scope and toolsets", async () => {
    const redis = await useRedis();
    const connection = await connectStdio(["--key-prefix", "app:"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const instructions = connection.client.getInstructions() ?? "";
      expect(instructions).toContain("Safety tier: write");
      expect(instructions).toContain('only keys under "app:"');
      expect(instructions).toContain("keys (find, inspect");
      expect(connection.client.getServerVersion()?.name).toBe("redis-mcp");
    } finally {
      await connection.close();
    }
  });

  it("answers bad input with a tool error and keeps serving", async () => {
    const redis = await useRedis();
    const connection = await connectStdio([], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const bad = await connection.client.callTool({ name: "read_key", arguments: { key: 42 } });
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toMatch(/key/);
      const huge = await connection.client.callTool({ name: "scan_keys", arguments: { pattern: "x".repeat(5000) } });
      expect(huge.isError).toBe(true);
      const fine = await connection.client.callTool({ name: "scan_keys", arguments: {} });
      expect(fine.isError).toBeFalsy();
    } finally {
      await connection.close();
    }
  });

  it("refuses an oversized request clearly and keeps serving", async () => {
    const redis = await useRedis();
    const connection = await connectStdio([], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const oversized = connection.client.callTool({ name: "string_set", arguments: { key: "big", value: "x".repeat(5 * 1024 * 1024) } });
      await expect(oversized).rejects.toThrow(/Request too large: over 4194304 bytes/);
      const fine = await connection.client.callTool({ name: "string_set", arguments: { key: "small", value: "x" } });
      expect(fine.isError).toBeFalsy();
      expect(connection.stderr()).toMatch(/Request too large/);
    } finally {
      await connection.close();
    }
  });

  it("initializes while Redis is down, fails tools clearly, and recovers when Redis comes up", async () => {
    const server = await startRedisServer();
    const port = server.port;
    await server.node.kill();
    const connection = await connectStdio(
      [],
      cleanEnvironment({ REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_COMMAND_TIMEOUT_MS: "500", REDIS_CONNECT_TIMEOUT_MS: "500" }),
    );
    try {
      const down = await connection.client.callTool({ name: "scan_keys", arguments: {} });
      expect(down.isError).toBe(true);
      expect(textOf(down)).toMatch(/^E_(REDIS_UNAVAILABLE|TIMEOUT): .*(reconnects on its own|Retry)/);
      await server.node.start();
      const up = await eventually(
        () => connection.client.callTool({ name: "scan_keys", arguments: {} }),
        (result) => !result.isError,
      );
      expect(up.isError).toBeFalsy();
    } finally {
      await connection.close();
      await server.stop();
    }
  });

  it("exits promptly when stdin closes", async () => {
    const redis = await useRedis();
    const child = spawn(process.execPath, [SERVER_BIN], { env: cleanEnvironment({ REDIS_URL: redis.url }), stdio: ["pipe", "pipe", "pipe"] });
    child.stdin.write(
      `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "0" } } })}\n`,
    );
    await new Promise((resolve) => child.stdout.once("data", resolve));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.stdin.end();
    const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 5_000))]);
    expect(code).toBe(0);
  });

  it("prints the effective config with secrets masked", async () => {
    const { execFile } = await import("node:child_process");
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [SERVER_BIN, "--print-config"],
        { env: cleanEnvironment({ REDIS_URL: "redis://user:s3cret-pass@cache:6390/2" }) },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    const printed = JSON.parse(output);
    expect(printed.redis).toMatchObject({ host: "cache", port: 6390, db: 2, username: "user", password: "********" });
    expect(printed.server).toMatchObject({ tier: "write", transport: "stdio", maxResultBytes: 65536 });
    expect(output).not.toContain("s3cret-pass");
  });

  it("warns on stderr when --redis-url carries a password (the process list shows it)", async () => {
    const { execFile } = await import("node:child_process");
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
      execFile(
        process.execPath,
        [SERVER_BIN, "--print-config", "--redis-url", "redis://user:s3cret-pass@cache:6390/2"],
        { env: cleanEnvironment() },
        (error, out, err) => (error ? reject(error) : resolve({ stdout: out, stderr: err })),
      ),
    );
    expect(stderr).toMatch(
      /warning: --redis-url contains a password, and other users of this machine can read it in the process list\. Pass the URL in REDIS_URL/,
    );
    expect(stderr + stdout).not.toContain("s3cret-pass");
  });
});
