// Characters with a meaning in Redis glob patterns (SCAN MATCH): a literal text such as a key
// prefix must have them backslash-escaped, or "cache*:" would also match "cacheX:...".
const GLOB_SPECIAL = /[*?[\]\\]/g;

/** `text` as a glob pattern that matches exactly that text. */
export function escapeGlob(text: string): string {
  return text.replace(GLOB_SPECIAL, "\\$&");
}

/** True for a pattern that matches every key: empty or nothing but `*`. */
export function matchesEverything(pattern: string): boolean {
  return /^\**$/.test(pattern);
}
