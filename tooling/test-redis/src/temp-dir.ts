import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh private directory for one server's files, under the OS temp dir. */
export function makeServerDir(kind: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `redis-test-${kind}-`));
}
