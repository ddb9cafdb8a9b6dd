import type { Cluster, Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createSessionStore } from "../src/index.js";
import { registerSessionStoreSuite } from "../src/testing/index.js";
import { TEST_KEY } from "./support/keys.js";
import { topologies } from "./support/topologies.js";

// The suite third parties run from @redis-mcp/session/testing, run here against the Redis store on
// both topologies: the same behaviour whatever the slot layout.
for (const topology of topologies) {
  const clients: (Redis | Cluster)[] = [];
  afterAll(() => {
    for (const client of clients) client.disconnect();
  });
  registerSessionStoreSuite({
    name: `redis session store on ${topology.name}`,
    describe,
    it,
    expect,
    async createStore(options) {
      const client = await topology.connect();
      clients.push(client);
      return createSessionStore(client, { secret: TEST_KEY, ...options });
    },
  });
}
