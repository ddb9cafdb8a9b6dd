import { availableParallelism } from "node:os";
import { SummaryReporter } from "@redis-mcp/vitest-config";
import { defineConfig } from "vitest/config";

// One run over every package: vitest's totals are the workspace's totals, and the Redis test
// broker (started by each integration project's globalSetup) is shared by all of them.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "tooling/*/vitest.config.ts", "bench/vitest.config.ts"],
    // Integration tests mostly wait on sockets: two workers keep a 2-core machine busy without
    // starving the redis-server processes they talk to.
    maxWorkers: Math.max(2, Math.min(4, availableParallelism())),
    reporters: ["default", new SummaryReporter()],
  },
});
