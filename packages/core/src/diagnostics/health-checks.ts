import { connectionChecks } from "./health-connection-checks.js";
import { finding, type HealthCheck, type HealthFinding, type NodeSnapshot } from "./health-finding.js";
import { memoryChecks } from "./health-memory-checks.js";
import { persistenceChecks } from "./health-persistence-checks.js";
import { replicationChecks } from "./health-replication-checks.js";
import { slowlogChecks } from "./health-slowlog-checks.js";
import type { HealthThresholds } from "./health-thresholds.js";

const restricted: HealthCheck = (snapshot) => {
  if (snapshot.refused.length === 0) return [];
  return [
    finding(
      snapshot,
      "info",
      "diagnostics-restricted",
      `The server refused ${snapshot.refused.map((refusal) => refusal.command).join(", ")}; checks that need them were skipped`,
      { refused: snapshot.refused.map((refusal) => refusal.command).join(", "), reason: snapshot.refused[0]?.reason },
      "The connection's ACL user (or the hosting provider) does not allow these commands. Give a diagnostics user +info +config|get +slowlog|get for a complete report.",
    ),
  ];
};

const CHECKS: HealthCheck[] = [...memoryChecks, ...connectionChecks, ...persistenceChecks, ...replicationChecks, ...slowlogChecks, restricted];

/** Every finding about one server, unsorted. Pure: the snapshot holds everything it needs. */
export function findingsForNode(snapshot: NodeSnapshot, thresholds: HealthThresholds): HealthFinding[] {
  return CHECKS.flatMap((check) => check(snapshot, thresholds));
}
