import type { Reporter, SerializedError, TestModule } from "vitest/node";

/** Totals over every project of a run. */
export interface RunTotals {
  passed: number;
  failed: number;
}

/**
 * Counts tests over all modules. A module that failed to load (no test ran) and an unhandled
 * error each count as one failure, so the summary can never read "0 failed" for a broken run.
 */
export function countTests(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): RunTotals {
  let passed = 0;
  let failed = unhandledErrors.length;
  for (const testModule of testModules) {
    let failedInModule = 0;
    for (const test of testModule.children.allTests()) {
      const state = test.result().state;
      if (state === "passed") passed += 1;
      else if (state === "failed") failedInModule += 1;
    }
    // A module that failed without a failing test (import error, a failing beforeAll/afterAll
    // whose tests were skipped) still failed: count it once.
    if (failedInModule === 0 && testModule.state() === "failed") failedInModule = 1;
    failed += failedInModule;
  }
  return { passed, failed };
}

/** Prints one plain last line, `N passed, N failed`, after vitest's own summary. */
export class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const { passed, failed } = countTests(testModules, unhandledErrors);
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  }
}
