import { sampleKeyspace } from "@redis-mcp/core/diagnostics";
import type { McpSessionContext } from "../tools/mcp-session-context.js";

/** Suggestions per completion: MCP's maximum. */
const COMPLETION_LIMIT = 100;
/** Keys sampled for suggestions: enough to find the namespaces that matter, cheap enough to run while someone types. */
const SAMPLES = 300;
/** How long one sample serves completions: typing a word asks many times in a row. */
const FRESH_FOR_MS = 30_000;

/** Namespace patterns (`user:{id}:profile`) and the globs that match them (`user:*:profile`). */
export interface NamespaceSuggestions {
  patterns: string[];
  globs: string[];
}

/** `user:{id}:profile` → `user:*:profile`: the placeholders keyPattern writes become SCAN wildcards. */
export function globOf(pattern: string): string {
  return pattern.replace(/\{[^}]*\}/g, "*");
}

/**
 * Completions of key namespaces from a bounded keyspace sample (SCAN with the session's key
 * scope, so only names inside it), reused for 30 s. A Redis failure gives no suggestions: they
 * are a convenience while the user types.
 */
export function namespaceCompletions(session: McpSessionContext): { patterns(value: string): Promise<string[]>; globs(value: string): Promise<string[]> } {
  let cached: { at: number; suggestions: Promise<NamespaceSuggestions> } | undefined;
  const load = (): Promise<NamespaceSuggestions> => {
    if (cached && Date.now() - cached.at < FRESH_FOR_MS) return cached.suggestions;
    const suggestions = sampleKeyspace(session.redis, { samples: SAMPLES, maxNamespaces: COMPLETION_LIMIT })
      .then((summary) => {
        const patterns = summary.namespaces.map((namespace) => namespace.pattern);
        return { patterns, globs: [...new Set(patterns.map(globOf))] };
      })
      .catch(() => ({ patterns: [], globs: [] }));
    cached = { at: Date.now(), suggestions };
    return suggestions;
  };
  const matching = (values: string[], typed: string) => values.filter((value) => value.startsWith(typed)).slice(0, COMPLETION_LIMIT);
  return {
    patterns: async (value) => matching((await load()).patterns, value),
    globs: async (value) => matching((await load()).globs, value),
  };
}
