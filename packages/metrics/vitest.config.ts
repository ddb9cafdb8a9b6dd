import { defineRedisProject } from "@redis-mcp/vitest-config";

export default defineRedisProject({ name: "metrics", root: import.meta.dirname });
