import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { z } from "zod";
import { schemasOf } from "../../src/tools/register-tools.js";
import { ALL_TOOLS } from "../../src/toolsets/all-tools.js";

/**
 * Checks a tool result against the tool's full output schema, the one the handlers are written
 * against: every required field, nested shapes and returned values included, and no field the
 * schema does not have. The listing clients validate against is trimmed (no `required`, returned
 * values as bare objects), so a missing field would pass there. Error results are not checked.
 * @throws Error naming the tool and what does not match.
 */
export function checkFullOutput(name: string, result: { isError?: unknown; structuredContent?: unknown }): void {
  if (result.isError) return;
  const tool = ALL_TOOLS.find((candidate) => candidate.name === name);
  // list_toolsets / enable_toolset are not Redis tools; the SDK client checks them.
  if (!tool) return;
  const parsed = schemasOf(tool).output.strict().safeParse(result.structuredContent);
  if (!parsed.success) {
    throw new Error(
      `${name}: the result does not match its full output schema:\n${z.prettifyError(parsed.error)}\n${JSON.stringify(result.structuredContent)}`,
    );
  }
}

/** Makes every callTool of this client check its result with {@link checkFullOutput}. */
export function checkEveryResult(client: Client): void {
  const callTool = client.callTool.bind(client);
  client.callTool = async (params, resultSchema, options) => {
    const result = await callTool(params, resultSchema, options);
    checkFullOutput(params.name, result as { isError?: unknown; structuredContent?: unknown });
    return result;
  };
}
