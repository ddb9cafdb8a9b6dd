import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { waitForExit } from "./process-helpers.js";

const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));

describe("orphan protection", () => {
  it("kills the servers of a test process that dies without cleaning up", async () => {
    // A stand-in for a vitest worker killed on timeout: it starts a server and a cluster node,
    // prints their pids and is then SIGKILLed, so no exit hook can run.
    const script = `
      const { startRedisServer } = await import(${JSON.stringify(entry)});
      const a = await startRedisServer(); const b = await startRedisServer({ persistence: "aof" });
      console.log(JSON.stringify({ pids: [a.node.pid, b.node.pid], dirs: [a.node.dir, b.node.dir] }));
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    const { pids, dirs } = await new Promise<{ pids: number[]; dirs: string[] }>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split("\n").find((candidate) => candidate.startsWith("{"));
        if (line) resolve(JSON.parse(line) as { pids: number[]; dirs: string[] });
      });
      child.once("exit", (code) => reject(new Error(`child exited early with ${code}`)));
    });
    expect(pids).toHaveLength(2);
    child.kill("SIGKILL");
    const gone = await Promise.all(pids.map((pid) => waitForExit(pid)));
    expect(gone).toEqual([true, true]);
    // Nobody was left to remove the data directories: that part is on us.
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });
});
