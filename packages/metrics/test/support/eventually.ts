// The shared liveness helpers (tooling/test-redis).
export { eventually, settlesWithin } from "@redis-mcp/test-redis";
