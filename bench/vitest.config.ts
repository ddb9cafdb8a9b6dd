import { defineRedisProject } from "@redis-mcp/vitest-config";

export default defineRedisProject({ name: "bench", root: import.meta.dirname, integration: false });
