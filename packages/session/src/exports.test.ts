import { expect, it } from "vitest";
import * as express from "./express/index.js";
import * as api from "./index.js";
import * as testing from "./testing/index.js";

// The public surface is a contract: adding or removing an export is a deliberate, changeset-worthy act.
it("exports exactly its public API from each entry", () => {
  expect(Object.keys(api).sort()).toEqual(["SessionDecryptError", "SessionInvalidError", "SessionKeyError", "SessionTooLargeError", "createSessionStore"]);
  expect(Object.keys(express).sort()).toEqual(["RedisSessionStore"]);
  expect(Object.keys(testing).sort()).toEqual(["registerSessionStoreSuite"]);
});
