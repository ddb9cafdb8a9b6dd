import { afterAll, beforeEach } from "vitest";
import { flushSharedBeforeTest, releaseShared } from "./vitest.js";

// vitest setupFiles entry: isolates tests that share a server, and releases connections per file.
beforeEach(flushSharedBeforeTest);
afterAll(releaseShared);
