import { SessionInvalidError } from "./errors.js";

/** A session's data: JSON values by top-level field name. */
export type SessionData = Record<string, unknown>;

/** Hash fields of data are `d:<name>`; everything else in a session hash is the store's own. */
export const DATA_FIELD_PREFIX = "d:";
/** Longest top-level field name. */
export const MAX_FIELD_NAME_LENGTH = 200;
/** Deepest nesting accepted (JSON itself has no limit; a stack overflow would be an uncoded crash). */
const MAX_DEPTH = 100;

/** One top-level field, ready to encrypt. */
export interface EncodedField {
  /** The data field name. */
  name: string;
  /** The hash field: `d:<name>`. */
  field: string;
  /** The value as JSON (UTF-8). */
  json: Buffer;
}

/** What a write does to the data fields. */
export interface DataChange {
  set: EncodedField[];
  /** Data field names to remove (patch values that are `undefined`). */
  remove: string[];
}

function describeKind(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "bigint") return "a bigint (store it as a string)";
  if (typeof value === "number") return `the number ${String(value)} (JSON has no NaN or Infinity)`;
  if (value === undefined) return "undefined inside an array (JSON would turn it into null)";
  const name = (value as object).constructor?.name;
  return name ? `a ${name} (store plain objects and arrays; convert it first, e.g. Object.fromEntries(map) or [...set])` : "an object of unknown kind";
}

function checkStorable(value: unknown, path: string, ancestors: object[]): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return;
    throw new SessionInvalidError(`${path} cannot be stored: it is ${describeKind(value)}. Nothing was written.`);
  }
  if (typeof value !== "object") throw new SessionInvalidError(`${path} cannot be stored: it is ${describeKind(value)}. Nothing was written.`);
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
    checkStorable((value as { toJSON(): unknown }).toJSON(), path, ancestors);
    return;
  }
  if (ancestors.includes(value))
    throw new SessionInvalidError(`${path} cannot be stored: it refers back to itself (a circular reference). Nothing was written.`);
  if (ancestors.length >= MAX_DEPTH) throw new SessionInvalidError(`${path} cannot be stored: it nests deeper than ${MAX_DEPTH} levels. Nothing was written.`);
  ancestors.push(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (item === undefined || typeof item === "function" || typeof item === "symbol") {
        throw new SessionInvalidError(`${path}[${index}] cannot be stored: it is ${describeKind(item)}. Nothing was written.`);
      }
      checkStorable(item, `${path}[${index}]`, ancestors);
    });
  } else {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw new SessionInvalidError(`${path} cannot be stored: it is ${describeKind(value)}. Nothing was written.`);
    }
    for (const [key, item] of Object.entries(value)) {
      // JSON leaves out properties whose value is undefined; so do we, silently, as everyone expects.
      if (item === undefined) continue;
      checkStorable(item, `${path}.${key}`, ancestors);
    }
  }
  ancestors.pop();
}

function checkFieldName(operation: string, name: string): void {
  if (name.length === 0 || name.length > MAX_FIELD_NAME_LENGTH || name === "__proto__") {
    throw new SessionInvalidError(`${operation}: data field names must be 1 to ${MAX_FIELD_NAME_LENGTH} characters, and not "__proto__"; nothing was written.`);
  }
}

/**
 * Checks and encodes data for a write. `data` must be a plain object; each top-level field is
 * stored (and encrypted) on its own, so updates of different fields never overwrite each other.
 * With `patch`, a field whose value is `undefined` is removed; otherwise such fields are left out.
 * @throws SessionInvalidError (`E_SESSION_INVALID`) naming the path of the first value JSON cannot
 *   hold faithfully (functions, symbols, bigints, NaN, Maps, class instances, cycles, ...).
 */
export function encodeData(operation: string, data: unknown, patch: boolean): DataChange {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new SessionInvalidError(`${operation}: session data must be a plain object of fields, e.g. { cart: [], theme: "dark" }; nothing was written.`);
  }
  const prototype = Object.getPrototypeOf(data);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new SessionInvalidError(`${operation}: session data must be a plain object, not ${describeKind(data)}; nothing was written.`);
  }
  const change: DataChange = { set: [], remove: [] };
  for (const [name, value] of Object.entries(data)) {
    checkFieldName(operation, name);
    if (value === undefined) {
      if (patch) change.remove.push(name);
      continue;
    }
    checkStorable(value, `${operation}: data.${name}`, [data]);
    change.set.push({ name, field: `${DATA_FIELD_PREFIX}${name}`, json: Buffer.from(JSON.stringify(value), "utf8") });
  }
  return change;
}

/** Parses one decrypted field value. */
export function decodeValue(json: Buffer): unknown {
  return JSON.parse(json.toString("utf8"));
}
