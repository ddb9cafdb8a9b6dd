import { finding, type HealthCheck, type HealthFinding } from "./health-finding.js";
import { infoNumber, infoRecords, infoText } from "./parse-info.js";

const replication: HealthCheck = (snapshot, thresholds) => {
  const info = snapshot.info;
  const findings: HealthFinding[] = [];
  const role = infoText(info, "replication", "role");
  if (role === "slave" || role === "replica") {
    const link = infoText(info, "replication", "master_link_status");
    const master = `${infoText(info, "replication", "master_host") ?? "?"}:${infoText(info, "replication", "master_port") ?? "?"}`;
    if (link !== undefined && link !== "up") {
      findings.push(
        finding(
          snapshot,
          "critical",
          "replication-link-down",
          `Replica lost its link to master ${master}`,
          {
            master,
            master_link_status: link,
            master_link_down_since_seconds: infoNumber(info, "replication", "master_link_down_since_seconds"),
            master_last_io_seconds_ago: infoNumber(info, "replication", "master_last_io_seconds_ago"),
          },
          "The replica serves stale data and cannot take over safely. Check that the master runs and is reachable from the replica (network, firewall, masterauth/masteruser), and read both servers' logs.",
        ),
      );
    } else if (infoNumber(info, "replication", "master_sync_in_progress") === 1) {
      findings.push(
        finding(
          snapshot,
          "info",
          "replica-syncing",
          `Replica is doing a full sync from master ${master}`,
          { master, master_sync_in_progress: 1, master_sync_left_bytes: infoNumber(info, "replication", "master_sync_left_bytes") },
          "Wait for the sync to finish. Repeated full syncs mean the replication backlog (repl-backlog-size) is too small for the write rate.",
        ),
      );
    }
  }
  const masterOffset = infoNumber(info, "replication", "master_repl_offset");
  for (const [, replica] of infoRecords(info, "replication", /^slave\d+$/)) {
    const address = `${replica.ip}:${replica.port}`;
    const lag = typeof replica.lag === "number" ? replica.lag : undefined;
    if (replica.state !== undefined && replica.state !== "online") {
      findings.push(
        finding(
          snapshot,
          "info",
          "replica-not-online",
          `Replica ${address} is not online (state ${replica.state})`,
          { replica: address, state: replica.state, offset: replica.offset, master_repl_offset: masterOffset },
          "A replica in wait_bgsave or send_bulk is still syncing; if it stays there, check its log and the network between the two servers.",
        ),
      );
    } else if (lag !== undefined && lag > thresholds.replicationLagSeconds) {
      findings.push(
        finding(
          snapshot,
          "warning",
          "replica-lagging",
          `Replica ${address} last acknowledged ${lag} s ago`,
          { replica: address, lag, offset: replica.offset, master_repl_offset: masterOffset, threshold: thresholds.replicationLagSeconds },
          "The replica falls behind: reads from it are stale and a failover would lose writes. Check its load, the network, and big writes (large keys, MULTI blocks).",
        ),
      );
    }
  }
  return findings;
};

/** A replica's link to its master, and a master's view of its replicas. */
export const replicationChecks: HealthCheck[] = [replication];
