import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createMetrics } from "@redis-mcp/metrics";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN } from "./support/cli.js";

const run = promisify(execFile);
/** A tmux server of this test's own (its own socket), so no other tmux session is touched. */
const SOCKET = `redis-mcp-watch-${process.pid}`;
const SESSION = "watch";

async function tmux(...args: string[]): Promise<string> {
  return (await run("tmux", ["-L", SOCKET, ...args], { env: { PATH: process.env.PATH ?? "", TERM: "xterm-256color", SHELL: "/bin/bash" } })).stdout;
}

/** The visible text of the pane (colours stripped by tmux). */
function screen(): Promise<string> {
  return tmux("capture-pane", "-p", "-t", SESSION);
}

/** Waits until the pane shows text matching `pattern`; returns the screen. */
async function waitForScreen(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await screen();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the pane never showed ${pattern}; it shows:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("metrics watch in a terminal", () => {
  let url: string;
  let client: Redis;
  beforeAll(async () => {
    const server = await useRedis();
    url = server.url;
    client = new Redis(server.port, "127.0.0.1");
  });
  afterAll(async () => {
    client.disconnect();
    const socket = (await tmux("display-message", "-p", "#{socket_path}").catch(() => "")).trim();
    await tmux("kill-server").catch(() => {});
    if (socket) await rm(socket, { force: true });
  });

  it("draws the view, redraws it in place with new data on the next refresh, and exits 0 on Ctrl-C", async () => {
    const metrics = createMetrics(client);
    const requests = metrics.counter({ name: "requests_total", help: "Requests" });
    await requests.inc(3);
    await metrics.gauge({ name: "temperature", help: "Temperature" }).set(21);
    // The shell writes the CLI's exit status to a file: tmux 3.3 sometimes never reaps a pane's
    // process, leaving #{pane_dead_status} empty. A CLI killed by Ctrl-C takes the shell with it (bash
    // dies of the SIGINT its child died of), so no file means a death by signal. remain-on-exit keeps
    // the pane's last screen.
    const statusFile = join(tmpdir(), `redis-mcp-watch-${process.pid}.status`);
    await rm(statusFile, { force: true });
    const command = `${process.execPath} ${BIN} metrics watch --interval 500ms --minutes 10 --redis-url ${url}; echo "exit $?" > ${statusFile}`;
    await tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "30", command, ";", "set-option", "-w", "-t", SESSION, "remain-on-exit", "on");

    const first = await waitForScreen(/requests_total +counter +3 /);
    expect(first).toMatch(/redis-mcp metrics watch {2}prefix metrics {2}\d\d:\d\d:\d\d UTC {2}every 0\.5s {2}Ctrl-C to quit/);
    expect(first).toMatch(/METRIC +TYPE +NOW +LAST 10 MIN/);
    expect(first).toMatch(/requests_total +counter +3 +[▁█]{10} {2}\d+ added\/min/);
    expect(first).toMatch(/temperature +gauge +21 +[ ▅]{10} {2}(21 value|- value)/);

    await requests.inc(4);
    const next = await waitForScreen(/requests_total +counter +7 /);
    // Redrawn in place: one view on the screen, not a second one below the first.
    expect(next.match(/redis-mcp metrics watch/g)).toHaveLength(1);

    await tmux("send-keys", "-t", SESSION, "C-c");
    const deadline = Date.now() + 30_000;
    // The pane is dead once the shell has exited, so by then the file is written or never will be.
    while ((await tmux("display-message", "-p", "-t", SESSION, "#{pane_dead}")).trim() !== "1" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const status = await readFile(statusFile, "utf8").catch(() => "no exit status: the CLI was killed by the signal");
    await rm(statusFile, { force: true });
    expect(status).toBe("exit 0\n");
    const after = await screen();
    expect(after).toMatch(/requests_total +counter +7 /);
    expect(after).not.toMatch(/redis-mcp: /);
  });
});
