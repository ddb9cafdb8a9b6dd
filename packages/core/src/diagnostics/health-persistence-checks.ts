import { finding, type HealthCheck, type HealthFinding } from "./health-finding.js";
import { infoNumber, infoText } from "./parse-info.js";

const persistence: HealthCheck = (snapshot) => {
  const findings: HealthFinding[] = [];
  const info = snapshot.info;
  const bgsave = infoText(info, "persistence", "rdb_last_bgsave_status");
  if (bgsave !== undefined && bgsave !== "ok") {
    const lastSave = infoNumber(info, "persistence", "rdb_last_save_time");
    findings.push(
      finding(
        snapshot,
        "critical",
        "rdb-save-failed",
        "The last RDB snapshot (BGSAVE) failed",
        {
          rdb_last_bgsave_status: bgsave,
          rdb_changes_since_last_save: infoNumber(info, "persistence", "rdb_changes_since_last_save"),
          lastSuccessfulSave: lastSave === undefined ? undefined : new Date(lastSave * 1000).toISOString(),
        },
        "With stop-writes-on-bgsave-error yes (the default) Redis now refuses writes. Read the server log, check free disk space and that the `dir` directory exists and is writable, then run BGSAVE.",
      ),
    );
  }
  const aofWrite = infoText(info, "persistence", "aof_last_write_status");
  if (aofWrite !== undefined && aofWrite !== "ok") {
    findings.push(
      finding(
        snapshot,
        "critical",
        "aof-write-failed",
        "Writing the append-only file failed",
        { aof_last_write_status: aofWrite, aof_enabled: infoNumber(info, "persistence", "aof_enabled") },
        "Redis refuses writes until the AOF can be written again. Check free disk space and the server log.",
      ),
    );
  }
  const aofRewrite = infoText(info, "persistence", "aof_last_bgrewrite_status");
  if (aofRewrite !== undefined && aofRewrite !== "ok") {
    findings.push(
      finding(
        snapshot,
        "warning",
        "aof-rewrite-failed",
        "The last AOF rewrite (BGREWRITEAOF) failed",
        { aof_last_bgrewrite_status: aofRewrite, aof_rewrites_consecutive_failures: infoNumber(info, "persistence", "aof_rewrites_consecutive_failures") },
        "The AOF keeps growing until a rewrite succeeds. Check free disk space and the server log, then run BGREWRITEAOF.",
      ),
    );
  }
  return findings;
};

/** Failed RDB saves, AOF writes and AOF rewrites. */
export const persistenceChecks: HealthCheck[] = [persistence];
