import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson, type Target, targets } from "./support/cli.js";

interface BenchDocument {
  settings: { operations: number; rounds: number; concurrency: number };
  rows: { group: string; operation: string; variant: string; median: number; ratio: number; baseline: boolean }[];
}

async function keyCount(target: Target): Promise<number> {
  const masters = "nodes" in target.client ? target.client.nodes("master") : [target.client];
  const sizes = await Promise.all(masters.map((master) => master.dbsize()));
  return sizes.reduce((total, size) => total + size, 0);
}

describe.each(targets)("bench on $name", (target) => {
  let redis: Target;
  beforeAll(async () => {
    redis = await target.connect();
  });
  afterAll(() => redis.close());

  it("measures core's helpers against plain ioredis and removes the keys it wrote", async () => {
    await redis.client.set("mine", "kept");
    const { code, json } = await runJson<BenchDocument>(["bench", "--operations", "50", "--rounds", "3", "--concurrency", "4", ...redis.flags]);
    expect(code).toBe(0);
    expect(json.settings).toEqual({ operations: 50, rounds: 3, concurrency: 4 });
    expect(json.rows.map((row) => [row.group, row.operation, row.variant, row.baseline])).toEqual([
      ["core", "GET 100 B string", "core getString", false],
      ["core", "GET 100 B string", "ioredis get", true],
      ["core", "SET 100 B string", "core setString", false],
      ["core", "SET 100 B string", "ioredis set", true],
    ]);
    for (const row of json.rows) {
      expect(row.median).toBeGreaterThan(0);
      if (row.baseline) expect(row.ratio).toBe(1);
    }
    expect(await keyCount(redis)).toBe(1);
    expect(await redis.client.get("mine")).toBe("kept");
  });

  it("prints a result table, and refuses a group it does not know (exit 2)", async () => {
    const human = await runCli(["bench", "--operations", "20", "--rounds", "1", ...redis.flags]);
    expect(human.stdout).toMatch(/^OPERATION +VARIANT +OPS\/S \(MEDIAN\) +MIN +MAX +RATIO$/m);
    expect(human.stdout).toMatch(/^core: GET 100 B string +ioredis get \(baseline\) +[\d,]+ +[\d,]+ +[\d,]+ +1\.00x$/m);
    expect(human.stderr).toBe("");
    const unknown = await runCli(["bench", "--only", "cache", ...redis.flags]);
    expect(unknown).toMatchObject({ code: 2, stderr: "redis-mcp: unknown group cache; known: core.\n" });
  });
});
