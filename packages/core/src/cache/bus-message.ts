/** What a bus message announces. */
export type BusMessageKind = "keys" | "tags" | "clear" | "released";

/** A message on a namespace's invalidation bus. */
export interface BusMessage {
  /** The instance that sent it, so it can skip its own messages. */
  origin: string;
  kind: BusMessageKind;
  /** Keys (`keys`: written or deleted; `released`: load lock freed), or tags (`tags`); none for `clear`. */
  items: string[];
}

const KIND_CODES: Record<BusMessageKind, string> = { keys: "k", tags: "t", clear: "c", released: "r" };
const KINDS_BY_CODE = new Map(Object.entries(KIND_CODES).map(([kind, code]) => [code, kind as BusMessageKind]));

/** The wire form of a message: compact JSON, safe for any key text. */
export function encodeBusMessage(message: BusMessage): string {
  return JSON.stringify({ i: message.origin, o: KIND_CODES[message.kind], a: message.items });
}

/** Parses a message; `undefined` for anything this cache did not send (other publishers may share the channel name). */
export function decodeBusMessage(text: string): BusMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { i: origin, o: code, a: items } = parsed as { i?: unknown; o?: unknown; a?: unknown };
  const kind = typeof code === "string" ? KINDS_BY_CODE.get(code) : undefined;
  if (typeof origin !== "string" || kind === undefined || !Array.isArray(items) || !items.every((item) => typeof item === "string")) return undefined;
  return { origin, kind, items: items as string[] };
}
