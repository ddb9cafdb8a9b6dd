import type { IncomingMessage, ServerResponse } from "node:http";
import { toRedisMcpError } from "@redis-mcp/core";
import { type ExpositionFormat, OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from "./exposition.js";

/** A `(request, response)` listener for node:http, express, or anything with the same shape. */
export type MetricsRequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * The format a scraper asks for: OpenMetrics when its Accept header lists
 * `application/openmetrics-text` with a weight at least that of `text/plain` (Prometheus sends
 * both and prefers OpenMetrics), else the 0.0.4 text format.
 */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  if (!accept) return "prometheus";
  let openMetrics = -1;
  let text = -1;
  for (const part of accept.split(",")) {
    const [type = "", ...parameters] = part.split(";").map((piece) => piece.trim().toLowerCase());
    const weightParameter = parameters.find((parameter) => parameter.startsWith("q="));
    const weight = weightParameter ? Number(weightParameter.slice(2)) : 1;
    if (!Number.isFinite(weight)) continue;
    if (type === "application/openmetrics-text") openMetrics = Math.max(openMetrics, weight);
    else if (type === "text/plain") text = Math.max(text, weight);
  }
  return openMetrics > 0 && openMetrics >= text ? "openmetrics" : "prometheus";
}

/**
 * Builds a `/metrics` handler: GET (and HEAD) answer the exposition in the negotiated format with
 * its content type; other methods get 405. When Redis cannot be read the answer is 503 with the
 * error's code, so the scrape shows as failed instead of as missing metrics.
 */
export function createMetricsHandler(
  render: (format: ExpositionFormat) => Promise<string>,
  report: (error: ReturnType<typeof toRedisMcpError>) => void,
): MetricsRequestHandler {
  return async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" }).end("Method Not Allowed\n");
      return;
    }
    const format = negotiateFormat(request.headers.accept);
    try {
      const body = await render(format);
      response.writeHead(200, {
        "Content-Type": format === "openmetrics" ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE,
        "Content-Length": Buffer.byteLength(body),
        "Cache-Control": "no-store",
      });
      response.end(request.method === "HEAD" ? undefined : body);
    } catch (caught) {
      const error = toRedisMcpError(caught, "metrics scrape");
      report(error);
      if (response.headersSent) {
        response.destroy(error);
        return;
      }
      response.writeHead(503, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" }).end(`metrics unavailable (${error.code})\n`);
    }
  };
}
