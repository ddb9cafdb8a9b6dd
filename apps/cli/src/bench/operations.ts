import type { BenchOperationFactory } from "./bench-operation.js";
import { coreOperations } from "./core-operations.js";
import { cacheOperations, metricsOperations, pubsubOperations, sessionOperations } from "./package-operations.js";

/** Every operation `redis-mcp bench` knows, by package; a package's operations are one more entry. */
export const BENCH_OPERATIONS: readonly BenchOperationFactory[] = [coreOperations, cacheOperations, sessionOperations, metricsOperations, pubsubOperations];
