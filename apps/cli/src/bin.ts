#!/usr/bin/env node
import { createProgram } from "./program.js";

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`redis-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
