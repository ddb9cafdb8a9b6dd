import type { BenchOperationFactory } from "./bench-operation.js";
import { coreOperations } from "./core-operations.js";

/** Every operation `redis-mcp bench` knows, by package; a package's operations are one more entry. */
export const BENCH_OPERATIONS: readonly BenchOperationFactory[] = [coreOperations];
