export {
  ConfigError,
  CrossSlotError,
  InvalidArgumentError,
  RedisTimeoutError,
  RedisUnavailableError,
  UnsupportedError,
  WrongTypeError,
} from "./errors/errors.js";
export type { RedisMcpErrorOptions } from "./errors/redis-mcp-error.js";
export { RedisMcpError } from "./errors/redis-mcp-error.js";
