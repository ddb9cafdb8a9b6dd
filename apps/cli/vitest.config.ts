import { defineRedisProject } from "@redis-mcp/vitest-config";

export default defineRedisProject({ name: "cli", root: import.meta.dirname });
