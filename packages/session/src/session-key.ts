import { InvalidArgumentError } from "@redis-mcp/core";

/**
 * The Redis key of a session: `<prefix>{<id>}`. The id is the hash tag, so every key of one
 * session (data, index entries) lands in the same cluster slot.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty id or one containing braces.
 * @example sessionKey("3f2a") // "sess:{3f2a}"
 */
export function sessionKey(id: string, prefix = "sess:"): string {
  if (id.length === 0 || /[{}]/.test(id)) {
    throw new InvalidArgumentError(`Session id ${JSON.stringify(id)} is not usable: ids must be non-empty and must not contain "{" or "}".`);
  }
  return `${prefix}{${id}}`;
}
