import { getString, hashGet, setString } from "@redis-mcp/core/data";
import { startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { compare, type Variant } from "../harness.js";
import type { Suite } from "../suite.js";

const IN_FLIGHT = 32;
const KEYS = 1000;
const VALUE = "value-0123456789";
// A few percent is the signal, so more rounds than the default 7 to steady the medians. One
// command at a time, this machine switches between a fast and a slow wake-up mode for seconds at
// a time: many short rounds spread both modes evenly over the variants.
const SEQUENTIAL = { rounds: 31, operations: 2_000 };
const CONCURRENT = { rounds: 11, operations: 20_000 };

/** Runs `operations` operations as `IN_FLIGHT` concurrent sequential workers on one connection. */
function inFlight(run: (operations: number, offset: number) => Promise<void>): (operations: number) => Promise<void> {
  return async (operations) => {
    const share = Math.ceil(operations / IN_FLIGHT);
    await Promise.all(Array.from({ length: IN_FLIGHT }, (_, worker) => run(share, worker * share)));
  };
}

/** Alternating SET and GET, as the ioredis suite does. */
function setGetLoop(set: (key: string) => Promise<unknown>, get: (key: string) => Promise<unknown>) {
  return async (operations: number, offset = 0): Promise<void> => {
    for (let index = 0; index < operations; index++) {
      const key = `bench:${(index + offset) % KEYS}`;
      if (index % 2 === 0) await set(key);
      else await get(key);
    }
  };
}

/** One hash field read per operation. */
function hashGetLoop(read: (key: string) => Promise<unknown>) {
  return async (operations: number, offset = 0): Promise<void> => {
    for (let index = 0; index < operations; index++) await read(`bench:hash:${(index + offset) % KEYS}`);
  };
}

const FIELDS = ["name"] as const;

/**
 * The typed data helpers (getString, setString, hashGet) against the raw ioredis calls they wrap
 * (hashGet of one field sends HGET; HMGET is shown too), on the same client, interleaved: what
 * validation, error mapping and typed results cost.
 */
export const suite: Suite = {
  name: "typed-helpers",
  description: "getString/setString/hashGet vs raw ioredis GET/SET/HGET, sequential and 32 in flight",
  async run() {
    const server = await startRedisServer();
    const client = new Redis(server.port);
    try {
      const pipeline = client.pipeline();
      for (let index = 0; index < KEYS; index++) pipeline.hset(`bench:hash:${index}`, { name: `name-${index}`, visits: index });
      await pipeline.exec();

      const rawSetGet = setGetLoop(
        (key) => client.set(key, VALUE),
        (key) => client.get(key),
      );
      const typedSetGet = setGetLoop(
        (key) => setString(client, key, VALUE),
        (key) => getString(client, key),
      );
      const rawHashGet = hashGetLoop((key) => client.hmget(key, "name"));
      const rawSingleField = hashGetLoop((key) => client.hget(key, "name"));
      const typedHashGet = hashGetLoop((key) => hashGet(client, key, FIELDS));

      const setGetVariants = (concurrent: boolean): Variant[] => [
        { name: "raw ioredis set/get", run: concurrent ? inFlight(rawSetGet) : (operations) => rawSetGet(operations) },
        { name: "setString/getString", run: concurrent ? inFlight(typedSetGet) : (operations) => typedSetGet(operations) },
      ];
      const hashVariants = (concurrent: boolean): Variant[] => [
        { name: "raw ioredis hget", run: concurrent ? inFlight(rawSingleField) : (operations) => rawSingleField(operations) },
        { name: "raw ioredis hmget", run: concurrent ? inFlight(rawHashGet) : (operations) => rawHashGet(operations) },
        { name: "hashGet", run: concurrent ? inFlight(typedHashGet) : (operations) => typedHashGet(operations) },
      ];

      return [
        await compare({ title: "GET/SET, one command at a time", baseline: "raw ioredis set/get", ...SEQUENTIAL, variants: setGetVariants(false) }),
        await compare({ title: `GET/SET, ${IN_FLIGHT} in flight`, baseline: "raw ioredis set/get", ...CONCURRENT, variants: setGetVariants(true) }),
        await compare({ title: "HGET one field, one command at a time", baseline: "raw ioredis hget", ...SEQUENTIAL, variants: hashVariants(false) }),
        await compare({ title: `HGET one field, ${IN_FLIGHT} in flight`, baseline: "raw ioredis hget", ...CONCURRENT, variants: hashVariants(true) }),
      ];
    } finally {
      client.disconnect();
      await server.stop();
    }
  },
};
