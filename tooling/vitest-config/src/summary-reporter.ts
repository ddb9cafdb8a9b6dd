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
    let testsInModule = 0;
    for (const test of testModule.children.allTests()) {
      testsInModule += 1;
      const state = test.result().state;
      if (state === "passed") passed += 1;
      else if (state === "failed") failed += 1;
    }
    if (testsInModule === 0 && testModule.state() === "failed") failed += 1;
    else if (testModule.errors().length > 0) failed += testModule.errors().length;
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
