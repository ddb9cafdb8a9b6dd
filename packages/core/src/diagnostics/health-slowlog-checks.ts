import { finding, type HealthCheck, round } from "./health-finding.js";
import type { SlowlogEntry } from "./slowlog.js";

const slowCommands: HealthCheck = (snapshot, thresholds) => {
  const entries = snapshot.slowlog ?? [];
  const worst = entries.reduce<SlowlogEntry | undefined>(
    (slowest, entry) => (!slowest || entry.durationMicros > slowest.durationMicros ? entry : slowest),
    undefined,
  );
  if (!worst) return [];
  const name = (worst.command[0] ?? "?").toUpperCase();
  const commandText = worst.command.join(" ");
  return [
    finding(
      snapshot,
      worst.durationMicros >= thresholds.slowCommandWarningMicros ? "warning" : "info",
      "slow-commands",
      `${entries.length} slow commands in the slowlog; the slowest, ${name}, took ${round(worst.durationMicros / 1000, 1)} ms`,
      {
        entries: entries.length,
        worstCommand: commandText.length > 200 ? `${commandText.slice(0, 200)}...` : commandText,
        worstDurationMicros: worst.durationMicros,
        worstAt: new Date(worst.timestamp * 1000).toISOString(),
        worstClient: worst.clientAddress || undefined,
        "slowlog-log-slower-than": snapshot.config?.["slowlog-log-slower-than"],
      },
      "Every client waits while a slow command runs. Avoid O(N) commands on big keys (KEYS, SMEMBERS, HGETALL, LRANGE 0 -1, DEL of big keys): use SCAN, windowed reads and UNLINK; keep Lua scripts short. resetSlowlog clears the log once fixed.",
    ),
  ];
};

/** Slow commands in the slowlog. */
export const slowlogChecks: HealthCheck[] = [slowCommands];
