import { storageIdOf, userTagOf } from "../../src/session-keys.js";

/** The Redis key names of a session and its user's index under the default prefix, for raw assertions. */
export function rawKeysOf(id: string, userId?: string): { session: string; tombstone: string; member: string; index: string } {
  const member = storageIdOf(id);
  return {
    session: `sess:{${member}}`,
    tombstone: `sess:{${member}}:destroyed`,
    member,
    index: userId === undefined ? "" : `sess:user:{${userTagOf(userId)}}`,
  };
}
