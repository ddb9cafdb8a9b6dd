import { describe, expect, it } from "vitest";
import { CpuMeter, processCpuMicroseconds } from "./process-cpu.js";

/** Spends `milliseconds` of this process's CPU time (not wall time: the machine may be busy). */
function burn(milliseconds: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if (used.user + used.system >= milliseconds * 1000) return;
  }
}

describe("process CPU", () => {
  it("reads a process's CPU time from /proc, growing as it works", () => {
    const before = processCpuMicroseconds(process.pid);
    burn(100);
    const after = processCpuMicroseconds(process.pid);
    expect(before).toBeTypeOf("number");
    // /proc counts in 10 ms ticks.
    expect((after ?? 0) - (before ?? 0)).toBeGreaterThanOrEqual(70_000);
  });

  it("is undefined for a process that does not exist", () => {
    expect(processCpuMicroseconds(2 ** 30)).toBeUndefined();
  });

  it("counts CPU per operation over wrapped runs, leaving out the warm-up", async () => {
    const meter = new CpuMeter(process.pid);
    const run = meter.wrap(async (operations) => burn(operations * 20));
    await run(10);
    expect(meter.perOperation()).toBeUndefined();
    await run(5);
    // 5 operations of ~20 ms each, counted in 10 ms ticks.
    expect(meter.perOperation()).toBeGreaterThanOrEqual(14_000);
    expect(meter.perOperation()).toBeLessThanOrEqual(30_000);
  });
});
