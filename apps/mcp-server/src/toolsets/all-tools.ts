import type { AnyToolDefinition } from "../tools/define-tool.js";
import { DIAGNOSTICS_TOOLS } from "./diagnostics.js";
import { KEYS_TOOLS } from "./keys.js";
import { QUEUE_TOOLS } from "./queue.js";

/** Every tool, in catalog order; registration filters by toolset and tier. */
export const ALL_TOOLS: readonly AnyToolDefinition[] = [...KEYS_TOOLS, ...QUEUE_TOOLS, ...DIAGNOSTICS_TOOLS];
