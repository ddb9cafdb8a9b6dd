export type { SessionStoreSuiteOptions, SuiteAssertion, SuiteStoreOptions } from "./session-store-suite.js";
export { registerSessionStoreSuite } from "./session-store-suite.js";
