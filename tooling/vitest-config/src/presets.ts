import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { TestProjectInlineConfiguration } from "vitest/config";

type TestOptions = NonNullable<TestProjectInlineConfiguration["test"]>;

/**
 * The export condition every workspace package maps to its TypeScript source
 * (`"@redis-mcp/source": "./src/index.ts"`). Tests resolve it first, so a change in one package
 * is seen by another's tests without rebuilding; published packages do not carry it.
 */
export const SOURCE_CONDITION = "@redis-mcp/source";

/**
 * Module resolution for tests: the source condition, then vitest's defaults for Node (`node`,
 * `development|production`). vitest 4 resolves through the SSR environment (and passes the same
 * list to its workers as `--conditions`), so both settings carry it.
 */
export function sourceFirstResolve(): Pick<TestProjectInlineConfiguration, "resolve" | "ssr"> {
  const conditions = [SOURCE_CONDITION, "node", "development|production"];
  return { resolve: { conditions }, ssr: { resolve: { conditions } } };
}

/** Unit tests: `src/**\/*.test.ts` beside the code, no Redis, short timeouts. */
export function unitPreset(): TestOptions {
  return {
    include: ["src/**/*.test.ts"],
    testTimeout: 5_000,
  };
}

/**
 * The file a workspace package's export resolves to under {@link SOURCE_CONDITION}, found from
 * `packageRoot`. Setup files must be the same modules the tests import (`@redis-mcp/test-redis/vitest`
 * keeps the registry of shared servers the setup file flushes), and tests import the source.
 */
function sourceOf(packageRoot: string, packageName: string, subpath: string): string {
  const manifestPath = createRequire(join(packageRoot, "package.json")).resolve(`${packageName}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { exports: Record<string, string | Record<string, string>> };
  const target = manifest.exports[subpath];
  const file = typeof target === "string" ? target : (target?.[SOURCE_CONDITION] ?? target?.default);
  if (!file) throw new Error(`${packageName} does not export ${subpath}`);
  return join(dirname(manifestPath), file);
}

/**
 * Integration and end-to-end tests: `test/**\/*.test.ts` against real redis-server processes from
 * `@redis-mcp/test-redis` (the package must list it as a devDependency). Its global setup hands out
 * shared servers per worker; its setup file flushes them before each test.
 */
export function integrationPreset(packageRoot: string): TestOptions {
  // Resolve from the package, which depends on test-redis; this config package does not.
  return {
    include: ["test/**/*.test.ts"],
    globalSetup: [sourceOf(packageRoot, "@redis-mcp/test-redis", "./vitest-global-setup")],
    setupFiles: [sourceOf(packageRoot, "@redis-mcp/test-redis", "./vitest-setup")],
    // Real servers and clusters: forming a cluster takes 1-3 s, a Sentinel failover 3-10 s.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  };
}

/** Options for {@link defineRedisProject}. */
export interface RedisProjectOptions {
  /** Project name shown in the test output, e.g. `core`. */
  name: string;
  /** The package directory (`import.meta.dirname` in its vitest.config.ts). */
  root: string;
  /** Include `test/**` integration tests with Redis servers (default true). */
  integration?: boolean;
}

/**
 * The vitest project of one package: its unit tests, plus its integration tests unless
 * `integration: false`, with workspace packages resolved to their source (see {@link SOURCE_CONDITION}). The root vitest.config.ts runs every package's project in one run.
 * @example export default defineRedisProject({ name: "core", root: import.meta.dirname });
 */
export function defineRedisProject(options: RedisProjectOptions): TestProjectInlineConfiguration {
  const unit = unitPreset();
  const withRedis = options.integration ?? true;
  const integration = withRedis ? integrationPreset(options.root) : {};
  return {
    ...sourceFirstResolve(),
    test: {
      ...unit,
      ...integration,
      name: options.name,
      root: options.root,
      include: [...(unit.include ?? []), ...(withRedis ? (integration.include ?? []) : [])],
    },
  };
}
