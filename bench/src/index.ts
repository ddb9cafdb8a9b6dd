export type { Comparison, ComparisonResult, ReferenceFigure, Row, Variant } from "./harness.js";
export { compare, formatResult } from "./harness.js";
export type { Summary } from "./statistics.js";
export { median, summarize } from "./statistics.js";
