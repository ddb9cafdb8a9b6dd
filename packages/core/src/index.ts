export type { Capabilities, RedisVersion } from "./capabilities/capabilities.js";
export { detectCapabilities, parseVersion, versionAtLeast } from "./capabilities/capabilities.js";
export type { RedisClient } from "./client/redis-client.js";
export { isCluster, keyPrefixOf, masterNodes, nodeAddress } from "./client/redis-client.js";
export type { MultiKeyOptions, MultiSetOptions } from "./cluster/multi-key.js";
export { multiDelete, multiExists, multiGet, multiGetBuffer, multiSet } from "./cluster/multi-key.js";
export { assertSameSlot, SLOT_COUNT, slotOf } from "./cluster/slots.js";
export {
  ConfigError,
  CrossSlotError,
  InvalidArgumentError,
  PermissionDeniedError,
  RedisAuthError,
  RedisCommandError,
  RedisTimeoutError,
  RedisUnavailableError,
  UnsupportedError,
  WrongTypeError,
} from "./errors/errors.js";
export { toRedisMcpError, withRedisErrors } from "./errors/map-redis-error.js";
export type { RedisMcpErrorOptions } from "./errors/redis-mcp-error.js";
export { RedisMcpError } from "./errors/redis-mcp-error.js";
export type { ScriptArgument, ScriptDefinition } from "./scripts/redis-script.js";
export { defineScript, RedisScript } from "./scripts/redis-script.js";
