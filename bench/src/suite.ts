import type { ComparisonResult } from "./harness.js";

/** A group of comparisons sharing set-up (servers, data); `pnpm bench <name>` runs one. */
export interface Suite {
  name: string;
  description: string;
  run(): Promise<ComparisonResult[]>;
}
