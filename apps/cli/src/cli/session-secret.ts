import { readFile } from "node:fs/promises";
import { CliError, EXIT_CODES } from "./exit-codes.js";
import type { OutputStreams } from "./output.js";

/** The environment variable holding the session secret, as redis-mcp-server reads it. */
export const SESSION_SECRET_VARIABLE = "REDIS_MCP_SESSION_SECRET";

/**
 * The session store's secret: the contents of `file` (without its final newline), else
 * REDIS_MCP_SESSION_SECRET. Never a flag value, which any user of the machine can read in `ps`.
 * @throws CliError (`E_USAGE`, exit 2) when neither gives one; the secret never appears in a message.
 */
export async function readSessionSecret(file: string | undefined, streams: OutputStreams): Promise<string> {
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new CliError(
        "E_USAGE",
        `cannot read --session-secret-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
        EXIT_CODES.usage,
      );
    }
    const secret = text.replace(/\r?\n$/, "");
    if (secret === "") throw new CliError("E_USAGE", `--session-secret-file ${file} is empty; put the store's secret in it.`, EXIT_CODES.usage);
    return secret;
  }
  const secret = streams.env[SESSION_SECRET_VARIABLE];
  if (secret === undefined || secret === "") {
    throw new CliError(
      "E_USAGE",
      `no session secret: set ${SESSION_SECRET_VARIABLE} or pass --session-secret-file <file>, with the secret the application's session store uses.`,
      EXIT_CODES.usage,
    );
  }
  return secret;
}
