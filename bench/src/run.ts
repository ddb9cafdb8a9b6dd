import { formatResult } from "./harness.js";
import type { Suite } from "./suite.js";
import { ioredisBaseline } from "./suites/ioredis-baseline.js";

/** Every suite, in the order `pnpm bench` runs them. */
const SUITES: Suite[] = [ioredisBaseline];

const wanted = process.argv.slice(2);
if (wanted.includes("--help")) {
  process.stdout.write(`pnpm bench [suite ...]\n\nSuites:\n${SUITES.map((suite) => `  ${suite.name.padEnd(16)} ${suite.description}`).join("\n")}\n`);
} else {
  const unknown = wanted.filter((name) => !SUITES.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown suite(s): ${unknown.join(", ")}. Known: ${SUITES.map((suite) => suite.name).join(", ")}\n`);
    process.exit(2);
  }
  process.stdout.write(`# redis-mcp benchmarks (node ${process.version}, ${new Date().toISOString()})\n\n`);
  for (const suite of SUITES.filter((candidate) => wanted.length === 0 || wanted.includes(candidate.name))) {
    for (const result of await suite.run()) process.stdout.write(`${formatResult(result)}\n\n`);
  }
}
