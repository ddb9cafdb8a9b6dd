import type { AnyToolDefinition } from "../tools/define-tool.js";
import { ADMIN_TOOLS } from "./admin.js";
import { CACHE_TOOLS } from "./cache.js";
import { DIAGNOSTICS_TOOLS } from "./diagnostics.js";
import { GEO_TOOLS } from "./geo.js";
import { HASHES_TOOLS } from "./hashes.js";
import { KEYS_TOOLS } from "./keys.js";
import { LISTS_TOOLS } from "./lists.js";
import { METRICS_TOOLS } from "./metrics.js";
import { PROBABILISTIC_TOOLS } from "./probabilistic.js";
import { PUBSUB_TOOLS } from "./pubsub.js";
import { QUEUE_TOOLS } from "./queue.js";
import { RAW_TOOLS } from "./raw.js";
import { SESSION_TOOLS } from "./session.js";
import { SETS_TOOLS } from "./sets.js";
import { SORTED_SETS_TOOLS } from "./sorted-sets.js";
import { STREAMS_TOOLS } from "./streams.js";
import { STRINGS_TOOLS } from "./strings.js";

/** Every tool, in catalog order; registration filters by toolset and tier. */
export const ALL_TOOLS: readonly AnyToolDefinition[] = [
  ...KEYS_TOOLS,
  ...STRINGS_TOOLS,
  ...HASHES_TOOLS,
  ...LISTS_TOOLS,
  ...SETS_TOOLS,
  ...SORTED_SETS_TOOLS,
  ...STREAMS_TOOLS,
  ...GEO_TOOLS,
  ...PROBABILISTIC_TOOLS,
  ...PUBSUB_TOOLS,
  ...CACHE_TOOLS,
  ...SESSION_TOOLS,
  ...METRICS_TOOLS,
  ...QUEUE_TOOLS,
  ...DIAGNOSTICS_TOOLS,
  ...ADMIN_TOOLS,
  ...RAW_TOOLS,
];
