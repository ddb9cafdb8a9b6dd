import { getInfo, getSlowlog, type HealthFinding, healthReport, latencyDoctor, latencyLatest, type NodeHealth } from "@redis-mcp/core/diagnostics";
import { withRedis } from "../cli/connect.js";
import { EXIT_CODES } from "../cli/exit-codes.js";
import { formatBytes, formatDuration, formatNumber, formatTimestamp } from "../cli/format.js";
import { type Invocation, outputOf } from "../cli/invocation.js";
import type { Colors } from "../cli/output.js";
import { renderTable } from "../cli/table.js";

function infoValue(value: unknown): string {
  if (typeof value === "object" && value !== null) {
    return Object.entries(value)
      .map(([name, field]) => `${name}=${field}`)
      .join(" ");
  }
  return String(value);
}

/** `redis-mcp info [section]`. */
export async function info(invocation: Invocation, section: string | undefined): Promise<void> {
  const output = outputOf(invocation);
  const nodes = await withRedis(invocation, (redis) => getInfo(redis, section ? { sections: [section] } : {}));
  output.result({ nodes }, (colors) =>
    nodes
      .map((node) => {
        const sections = Object.entries(node.info).map(([name, fields]) => {
          const width = Math.max(0, ...Object.keys(fields).map((field) => field.length));
          const lines = Object.entries(fields).map(([field, value]) => `  ${field.padEnd(width)}  ${infoValue(value)}`);
          return [colors.bold(name[0]?.toUpperCase() + name.slice(1)), ...lines].join("\n");
        });
        const body =
          sections.length > 0 ? sections.join("\n\n") : `  (no section ${JSON.stringify(section)}; try server, memory, stats, keyspace or everything)`;
        return `${colors.cyan(`# ${node.node} (${node.role})`)}\n${body}`;
      })
      .join("\n\n"),
  );
}

const SEVERITY_LABEL = { critical: "CRITICAL", warning: "WARNING", info: "INFO" } as const;

function severity(finding: HealthFinding, colors: Colors): string {
  const label = SEVERITY_LABEL[finding.severity].padEnd(8);
  if (finding.severity === "critical") return colors.red(colors.bold(label));
  return finding.severity === "warning" ? colors.yellow(label) : colors.cyan(label);
}

function vitals(node: NodeHealth): (string | number)[] {
  const memory = node.usedMemory === null ? "-" : `${formatBytes(node.usedMemory)} / ${node.maxmemory ? formatBytes(node.maxmemory) : "no limit"}`;
  return [
    node.node,
    node.reachable ? node.role : "unreachable",
    node.version ?? "-",
    node.uptimeSeconds === null ? "-" : formatDuration(node.uptimeSeconds * 1000),
    memory,
    node.maxmemoryPolicy ?? "-",
    node.connectedClients === null ? "-" : formatNumber(node.connectedClients),
    node.keys === null ? "-" : formatNumber(node.keys),
    node.opsPerSecond === null ? "-" : formatNumber(node.opsPerSecond),
    node.hitRate === null ? "-" : `${(node.hitRate * 100).toFixed(1)}%`,
  ];
}

/** `redis-mcp doctor`: exit 1 when a finding is critical. */
export async function doctor(invocation: Invocation): Promise<void> {
  const output = outputOf(invocation);
  const report = await withRedis(invocation, (redis) => healthReport(redis));
  const exitCode = report.summary.critical > 0 ? EXIT_CODES.failure : undefined;
  output.result(
    report,
    (colors) => {
      const table = renderTable(
        [
          { heading: "NODE" },
          { heading: "ROLE" },
          { heading: "VERSION" },
          { heading: "UPTIME", align: "right" },
          { heading: "MEMORY", align: "right" },
          { heading: "POLICY" },
          { heading: "CLIENTS", align: "right" },
          { heading: "KEYS", align: "right" },
          { heading: "OPS/S", align: "right" },
          { heading: "HIT RATE", align: "right" },
        ],
        report.nodes.map(vitals),
        colors,
      );
      const findings = report.findings.map((finding) => {
        const evidence = Object.entries(finding.evidence)
          .map(([name, value]) => `${name}=${value}`)
          .join(", ");
        return [
          `${severity(finding, colors)}  ${finding.node}  ${finding.title}`,
          colors.dim(`          evidence: ${evidence}`),
          `          fix: ${finding.fix}`,
        ].join("\n");
      });
      const { critical, warning, info: notes } = report.summary;
      const summary = `${critical} critical, ${warning} warning${warning === 1 ? "" : "s"}, ${notes} info`;
      return [table, "", ...(findings.length > 0 ? [findings.join("\n\n"), ""] : ["No findings: all checks passed.", ""]), summary].join("\n");
    },
    exitCode,
  );
}

/** `redis-mcp slowlog`. */
export async function slowlog(invocation: Invocation, options: { count: number }): Promise<void> {
  const output = outputOf(invocation);
  const entries = await withRedis(invocation, (redis) => getSlowlog(redis, { count: options.count }));
  output.result({ entries }, (colors) => {
    if (entries.length === 0) return "The slow log is empty: no command took longer than slowlog-log-slower-than.";
    return renderTable(
      [{ heading: "WHEN (UTC)" }, { heading: "DURATION", align: "right" }, { heading: "NODE" }, { heading: "CLIENT" }, { heading: "COMMAND" }],
      entries.map((entry) => {
        const command = entry.command.join(" ");
        return [
          formatTimestamp(entry.timestamp),
          formatDuration(entry.durationMicros / 1000),
          entry.node,
          entry.clientName || entry.clientAddress || "-",
          command.length > 80 ? `${command.slice(0, 79)}…` : command,
        ];
      }),
      colors,
    );
  });
}

/** `redis-mcp latency [--doctor]`. */
export async function latency(invocation: Invocation, options: { doctor?: boolean }): Promise<void> {
  const output = outputOf(invocation);
  const [nodes, doctors] = await withRedis(invocation, (redis) =>
    Promise.all([latencyLatest(redis), options.doctor ? latencyDoctor(redis) : Promise.resolve(undefined)]),
  );
  const document = doctors ? { nodes, doctor: doctors } : { nodes };
  output.result(document, (colors) => {
    const events = nodes.flatMap((node) =>
      node.events.map((event) => [node.node, event.event, `${event.latestMs} ms`, `${event.maxMs} ms`, formatTimestamp(event.timestamp)]),
    );
    const parts = [
      events.length > 0
        ? renderTable(
            [{ heading: "NODE" }, { heading: "EVENT" }, { heading: "LATEST", align: "right" }, { heading: "MAX", align: "right" }, { heading: "WHEN (UTC)" }],
            events,
            colors,
          )
        : "No latency spikes recorded.",
      ...nodes.flatMap((node) => (node.hint ? [colors.yellow(`${node.node}: ${node.hint}`)] : [])),
      ...(doctors ?? []).map((node) => `${colors.cyan(`# ${node.node}`)}\n${node.report.trim()}`),
    ];
    return parts.join("\n\n");
  });
}
