export type { KeyRingOptions, SessionKey } from "./crypto/key-ring.js";
export { SessionDecryptError, SessionInvalidError, SessionKeyError, SessionTooLargeError } from "./errors.js";
export type { SessionData } from "./session-data.js";
export { createSessionStore } from "./session-store.js";
export type {
  CreateSessionOptions,
  ListSessionsOptions,
  Session,
  SessionStore,
  SessionStoreOptions,
  SetSessionOptions,
  TouchSessionOptions,
} from "./session-types.js";
