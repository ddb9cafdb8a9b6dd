import { defineRedisProject } from "@redis-mcp/vitest-config";

export default defineRedisProject({ name: "core", root: import.meta.dirname });
