import { assertCursor, assertPositiveInteger, invalidArgument, type RedisValue } from "./validate.js";

/** Options for one page of {@link hashScan} or {@link setScan}. */
export interface CollectionScanOptions {
  /** `"0"` (default) to start, then the `cursor` the previous page returned. */
  cursor?: string;
  /** How much Redis examines per call (COUNT hint, default 100); pages may hold more or fewer. */
  count?: number;
  /** Only fields/members matching this glob pattern (MATCH), e.g. `"user:*"`. */
  match?: string;
}

/** Validates a page request and builds HSCAN/SSCAN arguments: key, cursor, MATCH, COUNT. */
export function scanPageArguments(operation: string, key: string, options: CollectionScanOptions): RedisValue[] {
  const { cursor = "0", count = 100, match } = options;
  assertCursor(operation, cursor);
  assertPositiveInteger(operation, "count", count);
  const args: RedisValue[] = [key, cursor];
  if (match !== undefined) {
    if (typeof match !== "string") throw invalidArgument(operation, 'match must be a glob pattern string such as "user:*"', match);
    args.push("MATCH", match);
  }
  args.push("COUNT", count);
  return args;
}
