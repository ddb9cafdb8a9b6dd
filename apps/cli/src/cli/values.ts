import { CliError, EXIT_CODES } from "./exit-codes.js";

/**
 * A value given on the command line: the text itself, or with `as: "json"` the JSON it spells.
 * @throws CliError (`E_USAGE`, exit 2) for JSON that does not parse.
 */
export function parseValue(text: string, as: "text" | "json"): unknown {
  if (as === "text") return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      "E_USAGE",
      `the value is not JSON (${(error as Error).message}); quote it for the shell, e.g. '{"a":1}', or drop --as json.`,
      EXIT_CODES.usage,
    );
  }
}

/**
 * A stored value for output: in JSON documents as it is (bytes as `{ base64 }`); for people,
 * text as it is and anything else as one line of JSON.
 */
export function displayValue(value: unknown, mode: "json" | "text"): unknown {
  if (Buffer.isBuffer(value)) return mode === "json" ? { base64: value.toString("base64") } : `base64:${value.toString("base64")}`;
  if (mode === "json" || typeof value === "string") return value;
  return JSON.stringify(value);
}
