import { defineRedisProject } from "@redis-mcp/vitest-config";

export default defineRedisProject({ name: "test-redis", root: import.meta.dirname });
