import { defineRedisProject } from "@redis-mcp/vitest-config";

export default defineRedisProject({ name: "pubsub", root: import.meta.dirname });
