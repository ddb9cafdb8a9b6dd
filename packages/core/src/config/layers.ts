import type { ConfigProblem } from "./config-problem.js";
import { maskUrl, parseRedisUrl } from "./parse-url.js";

/** Settings from one source, with a label per field for error messages. */
export interface ConfigLayer {
  values: Record<string, unknown>;
  /** Label per dotted field; parents cover their children. */
  sources: Map<string, string>;
  /** Label for fields without their own, e.g. `options`. */
  label: string;
}

/** Fields a URL decides as a whole: a URL in a higher source replaces all of them. */
const TARGET_FIELDS = ["host", "port", "path", "username", "password", "db", "tls"];
/** Nested settings merged field by field across sources. */
const NESTED = new Set(["tls", "cluster", "sentinel", "retry", "offlineQueue", "server"]);
/** Nested settings that may also be given as a plain boolean meaning `{ enabled }`. */
const TOGGLES = new Set(["tls", "offlineQueue"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** The label of a field: its own, else its nearest parent's, else a child's, else the fallback. */
export function labelIn(sources: Map<string, string>, field: string, fallback?: string): string | undefined {
  for (let candidate = field; candidate; candidate = candidate.includes(".") ? candidate.slice(0, candidate.lastIndexOf(".")) : "") {
    const label = sources.get(candidate);
    if (label) return label;
  }
  // `tls` set only through REDIS_TLS_CA_FILE: the child's source is where it came from.
  for (const [key, label] of sources) if (key.startsWith(`${field}.`)) return label;
  return fallback;
}

function forget(sources: Map<string, string>, field: string): void {
  for (const key of [...sources.keys()]) if (key === field || key.startsWith(`${field}.`)) sources.delete(key);
}

function assign(target: Record<string, unknown>, values: Record<string, unknown>, prefix: string, layer: ConfigLayer, sources: Map<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const field = prefix ? `${prefix}.${name}` : name;
    const current = target[name];
    if (!prefix && NESTED.has(name) && isRecord(value)) {
      const base = typeof current === "boolean" ? { enabled: current } : isRecord(current) ? { ...current } : {};
      assign(base, value, field, layer, sources);
      target[name] = base;
      continue;
    }
    if (!prefix && TOGGLES.has(name) && typeof value !== "object" && isRecord(current)) {
      // `tls: true` on top of TLS details keeps the details; `false` turns it off.
      target[name] = { ...current, enabled: value };
    } else {
      target[name] = value;
    }
    sources.set(field, labelIn(layer.sources, field, layer.label) ?? layer.label);
  }
}

/**
 * Merges sources from lowest to highest precedence. A URL expands into host, port, credentials,
 * db and TLS, replacing those fields from lower sources (never mixing a password from one source
 * with a host from another); discrete fields in the same source override the URL's parts.
 */
export function mergeLayers(layers: readonly ConfigLayer[]): { merged: Record<string, unknown>; sources: Map<string, string>; problems: ConfigProblem[] } {
  const merged: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const layer of layers) {
    const { url, ...rest } = layer.values;
    if (url !== undefined) {
      const source = labelIn(layer.sources, "url", layer.label);
      if (typeof url !== "string") {
        problems.push({ field: "url", value: url, source, problem: "must be a string" });
      } else {
        const parsed = parseRedisUrl(url);
        if (!parsed.ok) {
          problems.push({ field: "url", value: maskUrl(url), source, problem: parsed.problem });
        } else {
          for (const field of TARGET_FIELDS) {
            delete merged[field];
            forget(sources, field);
          }
          const urlLayer: ConfigLayer = { values: {}, sources: new Map(), label: source ?? layer.label };
          assign(merged, parsed.values as Record<string, unknown>, "", urlLayer, sources);
        }
      }
    }
    assign(merged, rest, "", layer, sources);
  }
  return { merged, sources, problems };
}
