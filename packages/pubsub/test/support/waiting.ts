// The shared waiting helpers (tooling/test-redis).
export { eventually, Inbox, pause, settlesWithin } from "@redis-mcp/test-redis";
