import { expect, it } from "vitest";
import * as api from "./index.js";

// The public surface is a contract: adding or removing an export is a deliberate, changeset-worthy act.
it("exports exactly its public API", () => {
  expect(Object.keys(api).sort()).toEqual([
    "ConfigError",
    "CrossSlotError",
    "InvalidArgumentError",
    "PermissionDeniedError",
    "RedisAuthError",
    "RedisCommandError",
    "RedisMcpError",
    "RedisScript",
    "RedisTimeoutError",
    "RedisUnavailableError",
    "SLOT_COUNT",
    "UnsupportedError",
    "WrongTypeError",
    "assertSameSlot",
    "defineScript",
    "detectCapabilities",
    "isCluster",
    "keyPrefixOf",
    "masterNodes",
    "multiDelete",
    "multiExists",
    "multiGet",
    "multiGetBuffer",
    "multiSet",
    "nodeAddress",
    "parseVersion",
    "slotOf",
    "toRedisMcpError",
    "versionAtLeast",
    "withRedisErrors",
  ]);
});
