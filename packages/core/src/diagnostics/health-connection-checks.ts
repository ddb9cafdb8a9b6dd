import { finding, type HealthCheck, type HealthFinding, percent, round } from "./health-finding.js";
import { infoNumber } from "./parse-info.js";

const connections: HealthCheck = (snapshot, thresholds) => {
  const findings: HealthFinding[] = [];
  const rejected = infoNumber(snapshot.info, "stats", "rejected_connections");
  const connected = infoNumber(snapshot.info, "clients", "connected_clients");
  const maxclients =
    infoNumber(snapshot.info, "clients", "maxclients") ?? (snapshot.config?.maxclients === undefined ? undefined : Number(snapshot.config.maxclients));
  if (rejected) {
    findings.push(
      finding(
        snapshot,
        "warning",
        "rejected-connections",
        `${rejected} connections were refused because maxclients was reached`,
        { rejected_connections: rejected, connected_clients: connected, maxclients },
        "Raise maxclients (and the OS open-file limit), or find clients that leak connections: clientList shows each connection with its age, idle time and name.",
      ),
    );
  }
  if (connected !== undefined && maxclients) {
    const ratio = connected / maxclients;
    if (ratio >= thresholds.clientsWarningRatio) {
      findings.push(
        finding(
          snapshot,
          ratio >= thresholds.clientsCriticalRatio ? "critical" : "warning",
          "clients-near-limit",
          `${connected} of ${maxclients} client connections in use (${percent(ratio)})`,
          { connected_clients: connected, maxclients, usedRatio: round(ratio) },
          "New connections are refused at maxclients. Use connection pools of bounded size, close idle connections (timeout setting), or raise maxclients.",
        ),
      );
    }
  }
  return findings;
};

const blockedClients: HealthCheck = (snapshot) => {
  const blocked = infoNumber(snapshot.info, "clients", "blocked_clients");
  if (!blocked) return [];
  return [
    finding(
      snapshot,
      "info",
      "blocked-clients",
      `${blocked} clients are waiting in blocking commands`,
      { blocked_clients: blocked, connected_clients: infoNumber(snapshot.info, "clients", "connected_clients") },
      "Clients wait in BLPOP, BRPOP, BLMOVE, BZPOPMIN, XREAD BLOCK or WAIT. Normal for queue workers; if unexpected, find them with clientList (flag b) and check that producers still write.",
    ),
  ];
};

/** Refused connections, connections near maxclients, blocked clients. */
export const connectionChecks: HealthCheck[] = [connections, blockedClients];
