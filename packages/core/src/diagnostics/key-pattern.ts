/** What id-like parts of a key name become in a namespace pattern. */
export const ID_PLACEHOLDER = "{id}";

// Ids that contain separators themselves are found in the whole key first and swapped for this
// private-use character, so later splitting on ":" "." "-" cannot cut them apart.
const MARK = "\uE000";
const BOUNDARY_BEFORE = "(?<![A-Za-z0-9])";
const BOUNDARY_AFTER = "(?![A-Za-z0-9])";
const COMPOUND_IDS = [
  // ISO dates and timestamps: 2026-11-26, 2026-11-26T10:00:00.123Z, 2026-11-26 10:00+01:00
  /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/,
  // UUIDs, any version.
  /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/,
  // Email addresses.
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/,
  // IPv4 addresses (an optional :port is a segment of its own and an integer).
  /\d{1,3}(?:\.\d{1,3}){3}/,
].map((pattern) => new RegExp(`${BOUNDARY_BEFORE}${pattern.source}${BOUNDARY_AFTER}`, "g"));

/** Separators inside a ":" segment: path, query, domain and list punctuation, whitespace. */
const INNER_SEPARATORS = /([/.|#?&=,;@+\s]+)/;
/** Word separators, tried last: `user-42` → `user-{id}`, `rate-limit` stays. */
const WORD_SEPARATORS = /([-_]+)/;
/** Ids next to each other inside a segment are one id: `2026/11/26` → `{id}`, not `{id}/{id}/{id}`. */
const ADJACENT_IDS = /\{id\}(?:[/.|#?&=,;@+\s_-]+\{id\})+/g;

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/i;
const VOWELS = /[aeiou]/gi;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * A random token: 16+ URL-safe characters with letters and digits that do not read like words
 * (few vowels, or the character class flipping often as in `Zx8kQ2mP9vL4`). `UserProfileSettingsV2`
 * reads like words and stays.
 */
function isRandomToken(token: string): boolean {
  if (token.length < 16 || !/^[A-Za-z0-9_-]+$/.test(token)) return false;
  const letters = count(token, /[A-Za-z]/g);
  const digits = count(token, /\d/g);
  if (letters === 0 || digits === 0) return false;
  const classes = token.replace(/[-_]/g, "").replace(/[a-z]/g, "l").replace(/[A-Z]/g, "u").replace(/\d/g, "d");
  let flips = 0;
  for (let index = 1; index < classes.length; index++) if (classes[index] !== classes[index - 1]) flips++;
  return count(token, VOWELS) / letters < 0.3 || flips / Math.max(1, classes.length - 1) >= 0.45;
}

/**
 * Whether one token (no separators left) is an identifier rather than a name. `insideHashTag`
 * relaxes the rules: a hash tag holds an id far more often than a word, so any digit counts.
 */
function isIdToken(token: string, insideHashTag: boolean): boolean {
  if (token === MARK) return true;
  if (/^\d+$/.test(token)) return true; // integers, Unix timestamps, compact dates
  if (/^[0-9a-f]{8,}$/i.test(token) && /\d/.test(token)) return true; // hex hashes, ObjectIds, dashless UUIDs
  if (ULID.test(token) && /\d/.test(token)) return true;
  if (isRandomToken(token)) return true;
  if (/^[A-Za-z0-9]+$/.test(token)) {
    const digits = count(token, /\d/g);
    if (insideHashTag && digits > 0) return true;
    // `abc12345` is an id, `sha256`, `h264`, `v2` are names.
    if (digits >= 4 && digits >= token.length - digits) return true;
  }
  return false;
}

function splitKeepingSeparators(text: string, separators: RegExp): string[] {
  return text.split(separators);
}

function wordPattern(token: string, insideHashTag: boolean): string {
  if (token === "" || isIdToken(token, insideHashTag)) return token === "" ? "" : ID_PLACEHOLDER;
  return splitKeepingSeparators(token, WORD_SEPARATORS)
    .map((piece, index) => (index % 2 === 1 || piece === "" ? piece : isIdToken(piece, insideHashTag) ? ID_PLACEHOLDER : piece))
    .join("");
}

function segmentPattern(segment: string, insideHashTag: boolean): string {
  if (segment === "") return "";
  if (isIdToken(segment, insideHashTag)) return ID_PLACEHOLDER;
  const pattern = splitKeepingSeparators(segment, INNER_SEPARATORS)
    .map((part, index) => (index % 2 === 1 ? part : wordPattern(part, insideHashTag)))
    .join("");
  return pattern.replace(ADJACENT_IDS, ID_PLACEHOLDER);
}

function plainPattern(text: string, insideHashTag: boolean): string {
  return text
    .split(":")
    .map((segment) => segmentPattern(segment, insideHashTag))
    .join(":");
}

function markedPattern(text: string, insideHashTag: boolean): string {
  let pattern = "";
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf("{", position);
    const close = open < 0 ? -1 : text.indexOf("}", open + 1);
    if (open < 0 || close < 0) {
      pattern += plainPattern(text.slice(position), insideHashTag);
      break;
    }
    pattern += plainPattern(text.slice(position, open), insideHashTag);
    const tag = markedPattern(text.slice(open + 1, close), true);
    // `sess:{abc123}` → `sess:{id}`, not `sess:{{id}}`; `{user:1}` → `{user:{id}}`.
    pattern += tag === ID_PLACEHOLDER ? ID_PLACEHOLDER : `{${tag}}`;
    position = close + 1;
  }
  return pattern;
}

/**
 * The namespace pattern of a key name: id-like parts become `{id}`, names stay.
 *
 * Rules, in order:
 * 1. Anywhere in the key, ISO dates and timestamps, UUIDs, email addresses and IPv4 addresses are ids
 *    (found first because they contain separators).
 * 2. `{...}` hash tags keep their braces; their content is mined with the same rules, where any token
 *    with a digit counts as an id: `sess:{abc123}` → `sess:{id}`, `{user:7}:cart` → `{user:{id}}:cart`.
 * 3. The rest splits on `:` into segments; separators are always kept, so the pattern reads like the key.
 * 4. A segment that is an id as a whole becomes `{id}`; otherwise it splits further on `/ . | # ? & = , ; @ +`
 *    and whitespace, then on `-` and `_`, and each piece is judged on its own.
 * 5. Ids: integers (also timestamps and compact dates), hex strings of 8+ characters with a digit (hashes,
 *    ObjectIds), ULIDs, random-looking tokens of 16+ characters, and letter-digit mixes with at least
 *    4 digits and no more letters than digits (`abc12345`); names like `v2`, `sha256` or `h264` stay.
 * 6. Ids next to each other inside one segment merge: `2026/11/26` → `{id}`; ids in separate `:`
 *    segments do not.
 * @example keyPattern("user:9f8e7d6c5b4a39281706f5e4d3c2b1a0:profile") // "user:{id}:profile"
 */
export function keyPattern(key: string): string {
  let marked = key.replaceAll(MARK, "");
  for (const compound of COMPOUND_IDS) marked = marked.replace(compound, MARK);
  return markedPattern(marked, false).replaceAll(MARK, ID_PLACEHOLDER);
}

/** Splits a pattern on the `:` outside `{...}`. */
function topLevelSegments(pattern: string): string[] {
  const segments: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index];
    if (character === "{") depth++;
    else if (character === "}") depth = Math.max(0, depth - 1);
    else if (character === ":" && depth === 0) {
      segments.push(pattern.slice(start, index));
      start = index + 1;
    }
  }
  segments.push(pattern.slice(start));
  return segments;
}

/**
 * Folds names that behave like ids: when `minimumVariants` or more patterns are equal except for
 * one `:` segment (`user:alice:profile`, `user:bob:profile`, ...), that segment becomes `{id}`.
 * Returns pattern → folded pattern for every input.
 */
export function foldPatterns(patterns: Iterable<string>, minimumVariants = 10): Map<string, string> {
  const folded = new Map<string, string>();
  for (const pattern of patterns) folded.set(pattern, pattern);
  const longest = Math.max(0, ...[...folded.keys()].map((pattern) => topLevelSegments(pattern).length));
  for (let position = 0; position < longest; position++) {
    const variants = new Map<string, Set<string>>();
    const targets = new Map<string, string>();
    for (const current of new Set(folded.values())) {
      const segments = topLevelSegments(current);
      const segment = segments[position];
      if (segment === undefined || segment === ID_PLACEHOLDER) continue;
      const target = segments.map((part, index) => (index === position ? ID_PLACEHOLDER : part)).join(":");
      // The segment count is part of the group: `a:x` and `a:x:y` never fold together.
      const group = `${segments.length}\u0000${target}`;
      const values = variants.get(group) ?? new Set<string>();
      values.add(segment);
      variants.set(group, values);
      targets.set(current, group);
    }
    for (const [original, current] of folded) {
      const group = targets.get(current);
      if (group !== undefined && (variants.get(group)?.size ?? 0) >= minimumVariants) folded.set(original, group.slice(group.indexOf("\u0000") + 1));
    }
  }
  return folded;
}
