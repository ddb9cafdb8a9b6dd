import { ConfigError } from "../errors/errors.js";
import { hintFor, isSecretField } from "./field-hints.js";
import { maskUrl } from "./parse-url.js";
import { SECRET_MASK } from "./secret.js";

/** One thing wrong with a configuration. */
export interface ConfigProblem {
  /** Dotted field, e.g. `tls.caFile`. */
  field: string;
  /** The offending value (shown masked when secret). */
  value: unknown;
  /** Where the value came from, e.g. `environment variable REDIS_PORT`. */
  source: string | undefined;
  /** What is wrong. */
  problem: string;
}

function show(field: string, value: unknown): string {
  if (value === undefined) return "(missing)";
  if (isSecretField(field)) return SECRET_MASK;
  if (field === "url" && typeof value === "string") return JSON.stringify(maskUrl(value));
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** One line per problem: field, value (masked if secret), source, what is wrong, and the fix. */
export function formatProblem(problem: ConfigProblem): string {
  const source = problem.source ? ` (from ${problem.source})` : "";
  const hint = hintFor(problem.field);
  return `${problem.field} = ${show(problem.field, problem.value)}${source}: ${problem.problem}.${hint ? ` Fix: ${hint}.` : ""}`;
}

/** The ConfigError for a list of problems. */
export function configErrorFor(problems: readonly ConfigProblem[]): ConfigError {
  const lines = problems.map((problem) => `  - ${formatProblem(problem)}`);
  return new ConfigError(`Invalid Redis configuration:\n${lines.join("\n")}`);
}
