export type { RedisProjectOptions } from "./presets.js";
export { defineRedisProject, integrationPreset, SOURCE_CONDITION, sourceFirstResolve, unitPreset } from "./presets.js";
export type { RunTotals } from "./summary-reporter.js";
export { countTests, SummaryReporter } from "./summary-reporter.js";
