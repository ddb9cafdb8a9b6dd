import { defineRedisProject } from "@redis-mcp/vitest-config";

export default defineRedisProject({ name: "mcp-server", root: import.meta.dirname });
