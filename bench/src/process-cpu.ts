import { readFileSync } from "node:fs";

/** Linux's USER_HZ: /proc reports CPU time in these ticks, 100 per second on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) a process has used so far, in microseconds, from /proc/<pid>/stat;
 * undefined where there is no /proc (not Linux) or the process is gone.
 */
export function processCpuMicroseconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1e6) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Adds up another process's CPU time over the runs it wraps, to report CPU per operation: steadier
 * than throughput on a busy machine, because time the process waits for the CPU is not counted.
 */
export class CpuMeter {
  #microseconds = 0;
  #operations = 0;
  #skip: number;

  /** `skipRuns`: leading runs not counted (the harness's warm-up). */
  constructor(
    readonly pid: number,
    skipRuns = 1,
  ) {
    this.#skip = skipRuns;
  }

  /** Wraps a run function so the process's CPU over each run is counted. */
  wrap(run: (operations: number) => Promise<void>): (operations: number) => Promise<void> {
    return async (operations) => {
      const before = processCpuMicroseconds(this.pid);
      await run(operations);
      const after = processCpuMicroseconds(this.pid);
      if (this.#skip > 0) {
        this.#skip--;
        return;
      }
      if (before === undefined || after === undefined) return;
      this.#microseconds += after - before;
      this.#operations += operations;
    };
  }

  /** Microseconds of CPU per counted operation; undefined when nothing could be counted. */
  perOperation(): number | undefined {
    return this.#operations > 0 ? this.#microseconds / this.#operations : undefined;
  }
}
