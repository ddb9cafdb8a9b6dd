/** Per-tool call counts and latency, exposed in Prometheus text on the HTTP transport's /metrics. */
export class ToolMetrics {
  readonly #calls = new Map<string, { ok: number; error: number; seconds: number }>();

  record(tool: string, outcome: "ok" | "error", seconds: number): void {
    const entry = this.#calls.get(tool) ?? { ok: 0, error: 0, seconds: 0 };
    entry[outcome] += 1;
    entry.seconds += seconds;
    this.#calls.set(tool, entry);
  }

  /** Prometheus text exposition (version 0.0.4). */
  render(): string {
    const lines = [
      "# HELP redis_mcp_tool_calls_total Tool calls by tool and outcome.",
      "# TYPE redis_mcp_tool_calls_total counter",
      ...[...this.#calls].flatMap(([tool, entry]) => [
        `redis_mcp_tool_calls_total{tool="${tool}",outcome="ok"} ${entry.ok}`,
        `redis_mcp_tool_calls_total{tool="${tool}",outcome="error"} ${entry.error}`,
      ]),
      "# HELP redis_mcp_tool_call_seconds_total Time spent in tool calls.",
      "# TYPE redis_mcp_tool_call_seconds_total counter",
      ...[...this.#calls].map(([tool, entry]) => `redis_mcp_tool_call_seconds_total{tool="${tool}"} ${entry.seconds.toFixed(6)}`),
    ];
    return `${lines.join("\n")}\n`;
  }
}
