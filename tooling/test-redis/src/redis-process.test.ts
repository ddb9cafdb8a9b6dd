import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { findRedisServerBinary, INSTALL_HINT } from "./binary.js";
import { startRedisProcess } from "./redis-process.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("finding redis-server", () => {
  it("rejects a REDIS_SERVER_BIN that is not executable, with the install instructions", () => {
    vi.stubEnv("REDIS_SERVER_BIN", "/nonexistent/redis-server");
    expect(() => findRedisServerBinary()).toThrow(/REDIS_SERVER_BIN=\/nonexistent\/redis-server is not an executable file/);
    expect(() => findRedisServerBinary()).toThrow(/apt-get install -y redis-server/);
  });

  it("fails fast and says what to install when there is neither a binary nor a container runtime", async () => {
    vi.stubEnv("REDIS_SERVER_BIN", "");
    vi.stubEnv("PATH", "/nonexistent");
    // Point testcontainers at a socket that does not exist, so the result is the same on a
    // machine that has Docker.
    vi.stubEnv("DOCKER_HOST", "unix:///nonexistent/docker.sock");
    const dir = await mkdtemp(join(tmpdir(), "redis-test-nobinary-"));
    const error = await startRedisProcess({ port: 1, dir, args: [] }).catch((caught: unknown) => caught);
    await rm(dir, { recursive: true, force: true });
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("No redis-server binary on PATH and no container runtime");
    expect((error as Error).message).toContain(INSTALL_HINT);
  });
});
