/**
 * Liveness, not speed: fails when `promise` has not settled after `milliseconds`, which means the
 * operation hung. Bounds are generous multiples of the configured timeouts.
 */
export async function settlesWithin<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${milliseconds} ms: the operation hangs`)), milliseconds);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Retries `attempt` until it resolves (recovery checks), for at most `milliseconds`. */
export async function eventually<T>(attempt: () => Promise<T>, milliseconds = 15_000): Promise<T> {
  const deadline = Date.now() + milliseconds;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw lastError;
}
