import type { DecodedValue } from "../codecs/value-encoding.js";

/** Fields every {@link ReadKeyResult} has. */
interface ReadKeyWindow {
  /** The key as passed (without the client's keyPrefix). */
  key: string;
  /** True when this window does not reach the end of the value: more remains to read with `nextCursor`. */
  truncated: boolean;
  /** Pass as `cursor` to read the next window; `undefined` at the end. */
  nextCursor: string | undefined;
}

/** A field and its value, both decoded (binary-safe). */
export interface FieldValue {
  field: DecodedValue;
  value: DecodedValue;
}

/** A sorted-set member with its score (`Infinity`/`-Infinity` for `inf`/`-inf`). */
export interface ScoredMember {
  member: DecodedValue;
  score: number;
}

/** A stream entry: its ID and its fields in order. */
export interface StreamEntry {
  id: string;
  fields: FieldValue[];
}

/** A missing key: nothing to read, and no error. */
export interface MissingKeyRead extends ReadKeyWindow {
  type: "none";
  exists: false;
  total: 0;
}

/** A window of a string value, read with GETRANGE. */
export interface StringRead extends ReadKeyWindow {
  type: "string";
  exists: true;
  /** The window's bytes; windows end on a character boundary, so UTF-8 text stays `utf8`. */
  value: DecodedValue;
  /** Byte offset of the window. */
  offset: number;
  /** Byte offset of the next window; `undefined` at the end. */
  nextOffset: number | undefined;
  /** Length of the whole value in bytes (STRLEN). */
  totalBytes: number;
  /** Same as `totalBytes`. */
  total: number;
}

/** Fields of a hash, read with HSCAN (in no particular order). */
export interface HashRead extends ReadKeyWindow {
  type: "hash";
  exists: true;
  entries: FieldValue[];
  /** Number of fields (HLEN). */
  total: number;
}

/** Members of a set, read with SSCAN (in no particular order). */
export interface SetRead extends ReadKeyWindow {
  type: "set";
  exists: true;
  members: DecodedValue[];
  /** Number of members (SCARD). */
  total: number;
}

/** A rank window of a sorted set, lowest score first, read with ZRANGE WITHSCORES. */
export interface SortedSetRead extends ReadKeyWindow {
  type: "zset";
  exists: true;
  members: ScoredMember[];
  /** Rank of the first member in the window. */
  offset: number;
  /** Number of members (ZCARD). */
  total: number;
}

/** A window of a list, head first, read with LRANGE. */
export interface ListRead extends ReadKeyWindow {
  type: "list";
  exists: true;
  items: DecodedValue[];
  /** Index of the first item in the window. */
  offset: number;
  /** Number of items (LLEN). */
  total: number;
}

/** Entries of a stream, oldest first, read with XRANGE. */
export interface StreamRead extends ReadKeyWindow {
  type: "stream";
  exists: true;
  entries: StreamEntry[];
  /** Number of entries (XLEN). */
  total: number;
}

/** What {@link readKey} returns, by the key's type. */
export type ReadKeyResult = MissingKeyRead | StringRead | HashRead | SetRead | SortedSetRead | ListRead | StreamRead;
