import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findExecutable } from "./find-executable.js";
import { freePort } from "./free-port.js";

describe("findExecutable", () => {
  const directory = mkdtempSync(join(tmpdir(), "find-executable-"));
  const runnable = join(directory, "tool");
  const plain = join(directory, "data");
  writeFileSync(runnable, "#!/bin/sh\n");
  chmodSync(runnable, 0o755);
  writeFileSync(plain, "not a program");
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("finds an executable on the PATH it is given, skipping empty entries", () => {
    expect(findExecutable("tool", { PATH: ["", "/nonexistent", directory].join(delimiter) })).toBe(runnable);
  });

  it("ignores files that are not executable and names that are nowhere", () => {
    expect(findExecutable("data", { PATH: directory })).toBeUndefined();
    expect(findExecutable("tool", { PATH: "/nonexistent" })).toBeUndefined();
    expect(findExecutable("tool", {})).toBeUndefined();
  });
});

describe("freePort", () => {
  it("returns a port that can be bound on loopback", async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
