import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { masterNodes, nodeAddress, type RedisClient } from "../src/client/redis-client.js";
import { planRawCommand } from "../src/commands/raw-command.js";
import { callRawCommandOnMasters } from "../src/commands/raw-command-on-masters.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("callRawCommandOnMasters on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  const run = async (line: (string | number)[], options?: { node?: string }) =>
    callRawCommandOnMasters(redis, line, await planRawCommand(redis, line), options);
  const codeOf = (error: unknown) => (RedisMcpError.isInstance(error) ? error.code : error);

  it("asks every master a keyless command, each answering for its own data", async () => {
    for (let index = 0; index < 30; index++) await redis.set(`on-masters:${index}`, "x");
    const masters = masterNodes(redis).map(nodeAddress).sort();
    const sizes = await run(["DBSIZE"]);
    expect(sizes.map((entry) => entry.node).sort()).toEqual(masters);
    const perNode = await Promise.all(masterNodes(redis).map((node) => node.dbsize()));
    expect(sizes.reduce((sum, entry) => sum + (entry.reply as number), 0)).toBe(perNode.reduce((sum, size) => sum + size, 0));
    const first = masters[0] as string;
    expect(await run(["PING"], { node: first })).toEqual([{ node: first, reply: Buffer.from("PONG") }]);
  });

  it("runs a script without keys once, and refuses keys, an unknown node and what every node refuses", async () => {
    expect(await run(["EVAL", "return 7", 0])).toEqual([{ node: expect.stringMatching(/:\d+$/), reply: 7 }]);
    expect(codeOf(await run(["GET", "on-masters:1"]).catch((error: unknown) => error))).toBe("E_INVALID_ARGUMENT");
    const unknown = await run(["DBSIZE"], { node: "10.255.255.1:1" }).catch((error: unknown) => error);
    expect(codeOf(unknown)).toBe("E_INVALID_ARGUMENT");
    expect((unknown as Error).message).toContain(`the masters are ${masterNodes(redis).map(nodeAddress).join(", ")}`);
    expect(codeOf(await run(["CONFIG", "SET", "no-such-parameter", "1"]).catch((error: unknown) => error))).toMatch(/^E_/);
  });
});
