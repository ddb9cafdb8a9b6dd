export { createMcpServer } from "./server.js";
export { VERSION } from "./version.js";
