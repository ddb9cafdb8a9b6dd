import { describe, expect, it } from "vitest";
import { textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

describe.each(TARGETS)("queue and diagnostics toolsets on $name", ({ target }) => {
  const server = serveTarget(target);
  const call = server.call;

  it("runs a job through enqueue, dequeue, nack, dequeue and ack", async () => {
    const { ids } = (await call("queue_enqueue", { queue: "emails", payloads: [{ to: "ada@example.com" }, { to: "grace@example.com" }] }))
      .structuredContent as { ids: string[] };
    expect(ids).toHaveLength(2);
    const first = (await call("queue_dequeue", { queue: "emails", count: 1, visibilityTimeoutMs: 60_000 })).structuredContent as {
      jobs: { id: string; payload: unknown; attempts: number }[];
    };
    expect(first.jobs[0]).toMatchObject({ id: ids[0], payload: { to: "ada@example.com" }, attempts: 1 });
    expect((await call("queue_stats", { queue: "emails" })).structuredContent).toEqual({ ready: 1, inFlight: 1, delayed: 0, deadLetter: 0 });
    expect((await call("queue_nack", { queue: "emails", id: ids[0] as string })).structuredContent).toEqual({ outcome: "requeued" });
    const all = (await call("queue_dequeue", { queue: "emails", count: 10 })).structuredContent as { jobs: { id: string }[] };
    expect(all.jobs.map((job) => job.id).sort()).toEqual([...ids].sort());
    expect((await call("queue_ack", { queue: "emails", ids })).structuredContent).toEqual({ acknowledged: [true, true] });
    expect((await call("queue_stats", { queue: "emails" })).structuredContent).toEqual({ ready: 0, inFlight: 0, delayed: 0, deadLetter: 0 });
  });

  it("waits a bounded time for jobs and rejects bad queue input", async () => {
    expect((await call("queue_dequeue", { queue: "empty", waitMs: 200 })).structuredContent).toEqual({ jobs: [] });
    expect(textOf(await call("queue_enqueue", { queue: "bad{name}", payloads: [1] }))).toMatch(/braces/);
    expect(textOf(await call("queue_enqueue", { queue: "q", payloads: [1, 2], id: "x" }))).toMatch(/id works with exactly one payload/);
    expect((await call("queue_ack", { queue: "q", ids: [] })).isError).toBe(true);
  });

  it("reports server info, health, slow log and memory per node", async () => {
    const info = (await call("server_info", { section: "memory" })).structuredContent as { nodes: { node: string; info: Record<string, unknown> }[] };
    expect(info.nodes).toHaveLength(server.name === "cluster" ? 3 : 1);
    expect(new Set(info.nodes.map((node) => node.node)).size).toBe(info.nodes.length);
    expect(info.nodes[0]?.info).toHaveProperty("memory");
    const health = (await call("health_check", {})).structuredContent as { summary: Record<string, number>; findings: { id: string }[]; nodes: unknown[] };
    expect(health.findings.map((finding) => finding.id)).toContain("maxmemory-not-set");
    expect(health.nodes.length).toBeGreaterThanOrEqual(server.name === "cluster" ? 3 : 1);
    expect((await call("slowlog_get", { count: 5 })).isError).toBeFalsy();
    await server.raw.set("sized", "x".repeat(1000));
    const memory = (await call("memory_usage", { key: "sized" })).structuredContent as { bytes: number };
    expect(memory.bytes).toBeGreaterThan(1000);
    expect((await call("memory_usage", { key: "absent" })).structuredContent).toEqual({ key: "absent", bytes: null });
    expect((await call("server_info", { section: "nonsense" })).isError).toBe(true);
    expect((await call("slowlog_get", { count: 0 })).isError).toBe(true);
  });

  it("summarises the keyspace by namespace", async () => {
    for (let index = 0; index < 200; index++) await server.raw.set(`user:${index}:profile`, "x");
    for (let index = 0; index < 50; index++) await server.raw.hset(`order:${index}`, "total", "1");
    const summary = (await call("keyspace_summary", { samples: 300 })).structuredContent as { namespaces: { pattern: string; estimatedCount: number }[] };
    const patterns = summary.namespaces.map((namespace) => namespace.pattern);
    expect(patterns).toContain("user:{id}:profile");
    expect(patterns).toContain("order:{id}");
    expect((await call("keyspace_summary", { samples: 1 })).isError).toBe(true);
  });
});
