import { defineRedisProject } from "./src/index.js";

export default defineRedisProject({ name: "vitest-config", root: import.meta.dirname, integration: false });
