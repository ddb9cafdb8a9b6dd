export { sessionKey } from "./session-key.js";
