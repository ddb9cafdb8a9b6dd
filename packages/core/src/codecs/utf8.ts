// fatal: true makes invalid sequences (including encoded lone surrogates) throw instead of turning
// into U+FFFD, which would silently change the bytes. One decoder per module: it keeps no state
// between calls without `stream: true`.
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The bytes as a string when they are valid UTF-8, otherwise `undefined` (never a lossy string). */
export function decodeUtf8Strictly(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** How many bytes a UTF-8 sequence starting with `leadByte` has; 0 for a continuation or invalid byte. */
function sequenceLength(leadByte: number): number {
  if (leadByte < 0x80) return 1;
  if (leadByte >= 0xc2 && leadByte <= 0xdf) return 2;
  if (leadByte >= 0xe0 && leadByte <= 0xef) return 3;
  if (leadByte >= 0xf0 && leadByte <= 0xf4) return 4;
  return 0;
}

/**
 * The length of `bytes` without a multi-byte character cut off at its end, so that a window of a
 * larger UTF-8 text still decodes as UTF-8. Bytes that are not UTF-8 at all are left as they are.
 */
export function lengthWithoutCutCharacter(bytes: Uint8Array): number {
  // A UTF-8 character is at most 4 bytes: only the last 3 can belong to an incomplete one.
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = sequenceLength(byte);
    return needed > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}
