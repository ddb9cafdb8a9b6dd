import { type StandaloneRedis, serverBuilds, startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { masterNodes, nodeAddress, type RedisClient } from "../src/client/redis-client.js";
import { clientList } from "../src/diagnostics/client-list.js";
import { configGet } from "../src/diagnostics/config-get.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("clientList and configGet on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("lists the connections of every master, parsed, naming each node", async () => {
    await Promise.all(masterNodes(redis).map((node) => node.client("SETNAME", "diagnostics-test")));
    const perNode = await clientList(redis);
    expect(perNode.map((entry) => entry.node).sort()).toEqual(masterNodes(redis).map(nodeAddress).sort());
    expect(new Set(perNode.map((entry) => entry.node)).size).toBe(masterNodes(redis).length);
    for (const { clients } of perNode) {
      const ours = clients.find((client) => client.name === "diagnostics-test");
      expect(ours).toMatchObject({ id: expect.any(Number), addr: expect.stringMatching(/^127\.0\.0\.1:\d+$/), db: 0, cmd: "client|list", flags: "N" });
      expect(ours?.age).toBeGreaterThanOrEqual(0);
      expect(ours?.totMem).toBeGreaterThan(0);
    }
  });

  it("returns CONFIG GET per master for one or several patterns", async () => {
    const perNode = await configGet(redis, "maxmemory*");
    expect(perNode.map((entry) => entry.node).sort()).toEqual(masterNodes(redis).map(nodeAddress).sort());
    for (const { config } of perNode) {
      expect(config["maxmemory-policy"]).toMatch(/^(noeviction|allkeys-|volatile-)/);
      expect(Object.keys(config).every((name) => name.startsWith("maxmemory"))).toBe(true);
    }
    const [several] = await configGet(redis, ["maxclients", "slowlog-log-slower-than", "requirepass"]);
    expect(Object.keys(several?.config ?? {}).sort()).toEqual(["maxclients", "requirepass", "slowlog-log-slower-than"]);
    // No password set: an empty value stays visible as "not set".
    expect(several?.config.requirepass).toBe("");
  });

  it("rejects empty patterns before sending anything", async () => {
    for (const pattern of ["", "  ", [], [""]] as const) {
      const error = await configGet(redis, pattern).catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
    }
  });
});

describe.each(serverBuilds())("configGet on a password-protected private $name server", (build) => {
  const password = "correct-horse-battery-staple";
  const masterPassword = "replication-secret-42";
  const keyPassphrase = "tls-key-passphrase-7";
  const clientKeyPassphrase = "tls-client-key-passphrase-9";
  const secrets = [password, masterPassword, keyPassphrase, clientKeyPassphrase];
  let server: StandaloneRedis;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedisServer({
      password,
      binary: build.binary,
      args: [
        "--masterauth",
        masterPassword,
        "--masteruser",
        "replicator",
        "--tls-key-file-pass",
        keyPassphrase,
        "--tls-client-key-file-pass",
        clientKeyPassphrase,
      ],
    });
    redis = new Redis(server.port, { password, lazyConnect: true });
    await redis.connect();
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it("masks requirepass and masterauth, also in a full dump", async () => {
    const [named] = await configGet(redis, ["requirepass", "masterauth", "masteruser"]);
    expect(named?.config).toEqual({ requirepass: "********", masterauth: "********", masteruser: "replicator" });
    const everything = await configGet(redis, "*");
    expect(Object.keys(everything[0]?.config ?? {}).length).toBeGreaterThan(100);
    const text = JSON.stringify(everything);
    for (const secret of secrets) expect(text).not.toContain(secret);
    // The server really returns the secret: the masking is what keeps it out.
    expect(await redis.call("CONFIG", "GET", "requirepass")).toEqual(["requirepass", password]);
  });

  it("masks every parameter whose value is a secret, under each name this server uses", async () => {
    // Which parameters hold the secrets, by asking the server itself (aliases included).
    const raw = (await redis.call("CONFIG", "GET", "*")) as string[];
    const holders: string[] = [];
    for (let index = 0; index + 1 < raw.length; index += 2) if (secrets.includes(raw[index + 1] as string)) holders.push(raw[index] as string);
    expect(holders.length).toBeGreaterThanOrEqual(4);
    const [everything] = await configGet(redis, "*");
    for (const name of holders) expect(everything?.config[name], name).toBe("********");
    // Valkey also names masterauth primaryauth: both are masked; user names stay visible.
    if (holders.includes("primaryauth")) expect(everything?.config.primaryuser).toBe("replicator");
  });

  it("maps a refused login to E_AUTH", async () => {
    const stranger = new Redis(server.port, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    stranger.on("error", () => {});
    const error = await configGet(stranger, "maxmemory").catch((caught: unknown) => caught);
    stranger.disconnect();
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_AUTH");
  });
});
