/** Suggestions per completion: MCP's maximum. */
export const COMPLETION_LIMIT = 100;
/** MCP's error code for a resource that does not exist. */
export const RESOURCE_NOT_FOUND = -32002;

/** A URI template variable as a name: clients percent-encode it (RFC 6570); a bad escape is taken as written. */
export function templateVariable(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(",") : (value ?? "");
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
