/**
 * LRANGE/ZRANGE start and stop indices for a window of `count` elements from `start` (negative
 * counts from the end), never wrapping: from a negative start, a stop at 0 or beyond would be
 * read from the head instead, so it is capped at the last element.
 */
export function windowIndices(start: number, count: number): [start: number, stop: number] {
  const stop = start + count - 1;
  return [start, start < 0 && stop >= 0 ? -1 : stop];
}
