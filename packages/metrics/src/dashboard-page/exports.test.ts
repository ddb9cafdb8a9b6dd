import { expect, it } from "vitest";
import * as api from "./index.js";

// The ./dashboard subpath is public surface too: a change of its exports is deliberate.
it("exports exactly the dashboard's public API", () => {
  expect(Object.keys(api).sort()).toEqual(["dashboardHandler"]);
});
