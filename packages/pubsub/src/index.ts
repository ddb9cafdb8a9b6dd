export type { Envelope } from "./envelope.js";
export { createEnvelope } from "./envelope.js";
