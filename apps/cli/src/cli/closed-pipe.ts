/** The streams of a process that {@link exitQuietlyOnClosedPipe} watches (the real `process` in the bin). */
export interface ProcessStreams {
  stdout: NodeJS.EventEmitter;
  stderr: NodeJS.EventEmitter & { write(text: string): unknown };
  exit(code: number): never;
}

function isClosedPipe(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // After the first EPIPE the stream is destroyed, and later writes fail with ERR_STREAM_DESTROYED.
  return code === "EPIPE" || code === "ERR_STREAM_DESTROYED";
}

/**
 * Makes a closed pipe an ordinary end, as for `git log | head`: when whoever reads stdout has gone
 * (`redis-mcp keys | head -1`), there is nobody left to tell anything, so the process exits 0 at
 * once instead of crashing with an unhandled EPIPE. A closed stderr only loses the notes written
 * to it: the command carries on, and its result and exit code still count.
 */
export function exitQuietlyOnClosedPipe(target: ProcessStreams = process): void {
  target.stdout.on("error", (error: unknown) => {
    if (isClosedPipe(error)) target.exit(0);
    throw error;
  });
  target.stderr.on("error", (error: unknown) => {
    if (!isClosedPipe(error)) throw error;
  });
}
