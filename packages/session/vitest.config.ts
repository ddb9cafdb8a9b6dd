import { defineRedisProject } from "@redis-mcp/vitest-config";

export default defineRedisProject({ name: "session", root: import.meta.dirname });
