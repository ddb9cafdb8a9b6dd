import { multiSet } from "@redis-mcp/core";
import { getString, setString } from "@redis-mcp/core/data";
import type { BenchOperationFactory } from "./bench-operation.js";

/** Keys the operations cycle through. */
const KEYS = 1000;
const VALUE = "v".repeat(100);

/**
 * @redis-mcp/core's typed string helpers against the same commands sent straight through the
 * ioredis client: what core's validation and reply handling cost per call.
 */
export const coreOperations: BenchOperationFactory = (prefix) => {
  const key = (index: number) => `${prefix}string:${index % KEYS}`;
  return [
    {
      group: "core",
      name: "GET 100 B string",
      baseline: "ioredis get",
      setup: async (redis) => {
        await multiSet(
          redis,
          Array.from({ length: KEYS }, (_, index): [string, string] => [key(index), VALUE]),
        );
      },
      variants: [
        { name: "core getString", run: (redis, index) => getString(redis, key(index)) },
        { name: "ioredis get", run: (redis, index) => redis.get(key(index)) },
      ],
    },
    {
      group: "core",
      name: "SET 100 B string",
      baseline: "ioredis set",
      variants: [
        { name: "core setString", run: (redis, index) => setString(redis, key(index), VALUE) },
        { name: "ioredis set", run: (redis, index) => redis.set(key(index), VALUE) },
      ],
    },
  ];
};
