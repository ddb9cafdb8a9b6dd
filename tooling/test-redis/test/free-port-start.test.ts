import { createServer, type Server } from "node:net";
import { freePort } from "@redis-mcp/core/local-server";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { startOnFreePorts } from "../src/free-port-start.js";
import { RedisNode } from "../src/redis-node.js";
import { standaloneArgs } from "../src/standalone.js";
import { makeServerDir } from "../src/temp-dir.js";

async function occupy(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return server;
}

describe("startOnFreePorts", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup) await step();
  });

  it("builds the node again on new ports when its port was taken before redis-server bound it", async () => {
    const taken = await freePort();
    const squatter = await occupy(taken);
    cleanup.push(() => new Promise((resolve) => squatter.close(resolve)));
    const ports: number[] = [];
    const { node } = await startOnFreePorts(async () => {
      // The first build gets the taken port, as when another process wins the race.
      const port = ports.length === 0 ? taken : await freePort();
      ports.push(port);
      const dir = await makeServerDir("standalone");
      return { node: new RedisNode({ port, dir, args: await standaloneArgs(port, dir, {}) }) };
    });
    cleanup.push(() => node.dispose());
    expect(ports).toHaveLength(2);
    expect(node.port).toBe(ports[1]);
    const client = new Redis(node.port, "127.0.0.1");
    expect(await client.ping()).toBe("PONG");
    client.disconnect();
  });

  it("throws other failures at once", async () => {
    let builds = 0;
    const failure = await startOnFreePorts(async () => {
      builds += 1;
      const port = await freePort();
      const dir = await makeServerDir("standalone");
      return { node: new RedisNode({ port, dir, args: ["--no-such-option", "x"] }) };
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(builds).toBe(1);
  });
});
