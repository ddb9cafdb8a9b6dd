import { InvalidArgumentError } from "../errors/errors.js";

/** Where a paged walk stands: which master (index in address order) and that master's SCAN cursor. */
export interface ScanPosition {
  masterIndex: number;
  nodeCursor: string;
}

const REDIS_CURSOR = /^\d{1,20}$/;
const COMPOSITE_CURSOR = /^(\d{1,5})\/(\d{1,5}):(\d{1,20})$/;
const MAX_REDIS_CURSOR = 2n ** 64n - 1n;

function isRedisCursor(text: string): boolean {
  return REDIS_CURSOR.test(text) && BigInt(text) <= MAX_REDIS_CURSOR;
}

function rejectCursor(cursor: string, why: string): never {
  throw new InvalidArgumentError(
    `scanPage: cursor ${JSON.stringify(cursor)} ${why}. Pass the nextCursor of a previous scanPage call on the same deployment, or omit it (or pass "0") to start over.`,
  );
}

/**
 * Formats a position as a cursor. Standalone: the Redis cursor itself (`"1536"`). Cluster:
 * `"<master index>/<master count>:<master's cursor>"` (`"1/3:1536"`), masters sorted by address;
 * the count makes a cursor from a differently sized cluster fail loudly instead of skipping keys.
 */
export function formatScanCursor(position: ScanPosition, masterCount: number, cluster: boolean): string {
  return cluster ? `${position.masterIndex}/${masterCount}:${position.nodeCursor}` : position.nodeCursor;
}

/**
 * Parses a cursor made by {@link formatScanCursor}; `undefined` and `"0"` mean the start.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a malformed cursor or one made for another topology.
 */
export function parseScanCursor(cursor: unknown, masterCount: number, cluster: boolean): ScanPosition {
  if (cursor === undefined || cursor === "0") return { masterIndex: 0, nodeCursor: "0" };
  if (typeof cursor !== "string") throw new InvalidArgumentError(`scanPage: cursor must be a string, got ${typeof cursor}.`);
  if (!cluster) {
    if (COMPOSITE_CURSOR.test(cursor)) rejectCursor(cursor, "was made for a cluster, but this client is connected to a standalone server");
    if (!isRedisCursor(cursor)) rejectCursor(cursor, "is malformed");
    return { masterIndex: 0, nodeCursor: cursor };
  }
  const parts = COMPOSITE_CURSOR.exec(cursor);
  if (!parts) {
    if (isRedisCursor(cursor)) rejectCursor(cursor, "was made for a standalone server, but this client is connected to a cluster");
    rejectCursor(cursor, "is malformed");
  }
  const [, index = "", count = "", nodeCursor = ""] = parts;
  if (Number(count) !== masterCount) rejectCursor(cursor, `was made for a cluster of ${count} masters, but this one has ${masterCount}`);
  if (Number(index) >= masterCount) rejectCursor(cursor, `names master ${index}, but there are only ${masterCount}`);
  if (!isRedisCursor(nodeCursor)) rejectCursor(cursor, "is malformed");
  return { masterIndex: Number(index), nodeCursor };
}
