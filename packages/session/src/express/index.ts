export type { RedisSessionStoreOptions } from "./redis-session-store.js";
export { RedisSessionStore } from "./redis-session-store.js";
