import { SingleBar } from "cli-progress";
import type { OutputStreams } from "./output.js";

/** A progress bar on stderr, or nothing. */
export interface Progress {
  /** Moves the bar; `total` may grow as the work is discovered. */
  update(done: number, total?: number): void;
  /** Removes the bar (before the result is printed). */
  stop(): void;
}

const NO_PROGRESS: Progress = { update() {}, stop() {} };

/**
 * A progress bar on stderr for work of at least `threshold` units, only when stderr is a terminal
 * (never in pipes, logs or CI output), so stdout keeps only the result.
 */
export function startProgress(streams: OutputStreams, label: string, total: number, threshold: number): Progress {
  if (streams.stderr.isTTY !== true || total < threshold) return NO_PROGRESS;
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total}`,
    stream: streams.stderr as NodeJS.WritableStream,
    clearOnComplete: true,
    hideCursor: true,
    barsize: 30,
    etaBuffer: 50,
  });
  bar.start(total, 0);
  return {
    update(done, newTotal) {
      if (newTotal !== undefined && newTotal !== bar.getTotal()) bar.setTotal(newTotal);
      bar.update(done);
    },
    stop() {
      bar.stop();
    },
  };
}
