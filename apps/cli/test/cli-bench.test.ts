import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson, stable, type Target, targets, withoutPadding } from "./support/cli.js";

interface BenchDocument {
  settings: { operations: number; rounds: number; concurrency: number };
  rows: { group: string; operation: string; variant: string; median: number; ratio: number; baseline: boolean }[];
}

async function keyCount(target: Target): Promise<number> {
  const masters = "nodes" in target.client ? target.client.nodes("master") : [target.client];
  const sizes = await Promise.all(masters.map((master) => master.dbsize()));
  return sizes.reduce((total, size) => total + size, 0);
}

/** The result table with the measured figures (every column but the names) as placeholders, and padding as two spaces. */
function withoutFigures(text: string): string {
  const lines = stable(text)
    .split("\n")
    .map((line) => {
      const cells = line.split(/ {2,}/);
      return cells.length === 6 && /^\d+\.\d\dx$/.test(cells[5] ?? "") ? [cells[0], cells[1], "<ops/s>", "<min>", "<max>", "<ratio>"].join("  ") : line;
    });
  return withoutPadding(lines.join("\n"));
}

describe.each(targets)("bench on $name", (target) => {
  let redis: Target;
  beforeAll(async () => {
    redis = await target.connect();
  });
  afterAll(() => redis.close());

  it("measures core, cache, session, metrics and pub/sub against plain ioredis and removes the keys it wrote", async () => {
    await redis.client.set("mine", "kept");
    const { code, json, stderr } = await runJson<BenchDocument>(["bench", "--operations", "50", "--rounds", "3", "--concurrency", "4", ...redis.flags]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(json.settings).toEqual({ operations: 50, rounds: 3, concurrency: 4 });
    expect(json.rows.map((row) => [row.group, row.operation, row.variant, row.baseline])).toEqual([
      ["core", "GET 100 B string", "core getString", false],
      ["core", "GET 100 B string", "ioredis get", true],
      ["core", "SET 100 B string", "core setString", false],
      ["core", "SET 100 B string", "ioredis set", true],
      ["cache", "cache get (hit, 100 B JSON)", "cache.get", false],
      ["cache", "cache get (hit, 100 B JSON)", "ioredis get + JSON.parse", true],
      ["cache", "cache set (100 B JSON, TTL)", "cache.set", false],
      ["cache", "cache set (100 B JSON, TTL)", "ioredis set PX", true],
      ["session", "session get (rolling expiry)", "store.get", false],
      ["session", "session get (rolling expiry)", "ioredis get + pexpire", true],
      ["session", "session create (user-indexed)", "store.create", false],
      ["session", "session create (user-indexed)", "ioredis set PX", true],
      ["metrics", "counter inc (labelled)", "counter.inc", false],
      ["metrics", "counter inc (labelled)", "ioredis incrbyfloat", true],
      ["metrics", "histogram observe (labelled)", "histogram.observe", false],
      ["metrics", "histogram observe (labelled)", "ioredis incrbyfloat", true],
      ["pubsub", "publish (100 B JSON, 1 subscriber)", "pubsub.publish", false],
      ["pubsub", "publish (100 B JSON, 1 subscriber)", "ioredis publish", true],
    ]);
    for (const row of json.rows) {
      expect(row.median).toBeGreaterThan(0);
      if (row.baseline) expect(row.ratio).toBe(1);
    }
    expect(await keyCount(redis)).toBe(1);
    expect(await redis.client.get("mine")).toBe("kept");
  });

  it("runs only the groups --only names", async () => {
    const { json } = await runJson<BenchDocument>(["bench", "--only", "session", "pubsub", "--operations", "20", "--rounds", "1", ...redis.flags]);
    expect([...new Set(json.rows.map((row) => row.group))]).toEqual(["session", "pubsub"]);
    expect(await keyCount(redis)).toBe(0);
  });

  it("prints one row per variant, baselines marked, and the settings below (snapshot)", async () => {
    const human = await runCli(["bench", "--only", "core", "metrics", "--operations", "20", "--rounds", "1", ...redis.flags]);
    expect(human).toMatchObject({ code: 0, stderr: "" });
    expect(withoutFigures(human.stdout)).toMatchSnapshot();
  });

  it("prints a result table, and refuses a group it does not know (exit 2)", async () => {
    const human = await runCli(["bench", "--only", "core", "--operations", "20", "--rounds", "1", ...redis.flags]);
    expect(human.stdout).toMatch(/^OPERATION +VARIANT +OPS\/S \(MEDIAN\) +MIN +MAX +RATIO$/m);
    expect(human.stdout).toMatch(/^core: GET 100 B string +ioredis get \(baseline\) +[\d,]+ +[\d,]+ +[\d,]+ +1\.00x$/m);
    expect(human.stderr).toBe("");
    const unknown = await runCli(["bench", "--only", "queues", ...redis.flags]);
    expect(unknown).toMatchObject({ code: 2, stderr: "redis-mcp: unknown group queues; known: core, cache, session, metrics, pubsub.\n" });
  });
});
