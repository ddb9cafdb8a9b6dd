import { finding, formatBytes, type HealthCheck, type NodeSnapshot, percent, round } from "./health-finding.js";
import { infoNumber, infoText } from "./parse-info.js";

function maxmemoryOf(snapshot: NodeSnapshot): { maxmemory: number | undefined; policy: string | undefined } {
  // INFO memory carries both since Redis 4, and unlike CONFIG it is never disabled by providers.
  const fromConfig = snapshot.config?.maxmemory;
  const maxmemory = infoNumber(snapshot.info, "memory", "maxmemory") ?? (fromConfig === undefined ? undefined : Number(fromConfig));
  const policy = infoText(snapshot.info, "memory", "maxmemory_policy") ?? snapshot.config?.["maxmemory-policy"];
  return { maxmemory, policy };
}

const memoryLimit: HealthCheck = (snapshot, thresholds) => {
  const { maxmemory, policy } = maxmemoryOf(snapshot);
  const used = infoNumber(snapshot.info, "memory", "used_memory");
  if (maxmemory === undefined || used === undefined) return [];
  if (maxmemory === 0) {
    return [
      finding(
        snapshot,
        "info",
        "maxmemory-not-set",
        `No memory limit (maxmemory 0); ${formatBytes(used)} used`,
        { maxmemory, used_memory: used, total_system_memory: infoNumber(snapshot.info, "memory", "total_system_memory") },
        "Set maxmemory below the machine's RAM (leave room for fork copy-on-write and client buffers) and choose a maxmemory-policy, so Redis evicts or refuses writes instead of being killed by the OS.",
      ),
    ];
  }
  // Replication and AOF buffers do not count against maxmemory (Redis subtracts them itself).
  const counted = used - (infoNumber(snapshot.info, "memory", "mem_not_counted_for_evict") ?? 0);
  const ratio = counted / maxmemory;
  if (ratio < thresholds.memoryWarningRatio) return [];
  const evictsAnyKey = policy?.startsWith("allkeys-") ?? false;
  // With an allkeys-* policy a full memory is normal cache operation (writes still succeed).
  const severity = ratio >= thresholds.memoryCriticalRatio && !evictsAnyKey ? "critical" : "warning";
  const fix =
    policy === "noeviction"
      ? "Writes fail with OOM once memory is full: raise maxmemory, delete or expire data (sampleKeyspace finds the biggest namespaces), or choose an eviction policy if this is a cache."
      : evictsAnyKey
        ? "Redis evicts keys to stay under the limit. If these keys are not a cache, raise maxmemory or reduce the data (sampleKeyspace finds the biggest namespaces)."
        : "Only keys with a TTL can be evicted; when none are left, writes fail with OOM. Raise maxmemory, add TTLs, or use an allkeys-* policy for caches.";
  return [
    finding(
      snapshot,
      severity,
      "memory-near-limit",
      `Memory at ${percent(ratio)} of maxmemory (${formatBytes(counted)} of ${formatBytes(maxmemory)})`,
      {
        used_memory: used,
        maxmemory,
        usedRatio: round(ratio),
        maxmemory_policy: policy,
        threshold: severity === "critical" ? thresholds.memoryCriticalRatio : thresholds.memoryWarningRatio,
      },
      fix,
    ),
  ];
};

const noEviction: HealthCheck = (snapshot) => {
  const { maxmemory, policy } = maxmemoryOf(snapshot);
  if (!maxmemory || policy !== "noeviction") return [];
  return [
    finding(
      snapshot,
      "warning",
      "noeviction-with-maxmemory",
      `Writes will fail when memory reaches maxmemory (${formatBytes(maxmemory)}): the policy is noeviction`,
      { maxmemory, maxmemory_policy: policy, used_memory: infoNumber(snapshot.info, "memory", "used_memory") },
      "Keep noeviction only if every key must survive; then alert on memory and raise maxmemory in time. For caches use allkeys-lru or allkeys-lfu (CONFIG SET maxmemory-policy allkeys-lru).",
    ),
  ];
};

const evictions: HealthCheck = (snapshot) => {
  const evicted = infoNumber(snapshot.info, "stats", "evicted_keys");
  if (!evicted) return [];
  const { maxmemory, policy } = maxmemoryOf(snapshot);
  return [
    finding(
      snapshot,
      "warning",
      "keys-evicted",
      `${evicted} keys were evicted to stay under maxmemory (policy ${policy ?? "unknown"})`,
      { evicted_keys: evicted, maxmemory, maxmemory_policy: policy, used_memory: infoNumber(snapshot.info, "memory", "used_memory") },
      "Eviction deletes data you wrote. That is fine for a pure cache; otherwise raise maxmemory, set TTLs on data that may go, or shrink the biggest namespaces (sampleKeyspace). The counter runs since the last restart or CONFIG RESETSTAT.",
    ),
  ];
};

const hitRate: HealthCheck = (snapshot, thresholds) => {
  const hits = infoNumber(snapshot.info, "stats", "keyspace_hits");
  const misses = infoNumber(snapshot.info, "stats", "keyspace_misses");
  if (hits === undefined || misses === undefined) return [];
  const lookups = hits + misses;
  if (lookups < thresholds.hitRateMinimumLookups) return [];
  const rate = hits / lookups;
  if (rate >= thresholds.hitRateMinimum) return [];
  return [
    finding(
      snapshot,
      "warning",
      "low-hit-rate",
      `Only ${percent(rate)} of ${lookups} key lookups found the key`,
      { keyspace_hits: hits, keyspace_misses: misses, hitRate: round(rate), threshold: thresholds.hitRateMinimum },
      "If this is a cache, entries expire or are evicted before they are read again, or keys are built inconsistently: check TTLs, evictions and key names. Reads of keys that never exist (existence checks) also count as misses.",
    ),
  ];
};

const fragmentation: HealthCheck = (snapshot, thresholds) => {
  const ratio = infoNumber(snapshot.info, "memory", "mem_fragmentation_ratio");
  const used = infoNumber(snapshot.info, "memory", "used_memory");
  if (ratio === undefined || used === undefined || used < thresholds.fragmentationMinimumUsedBytes) return [];
  const evidence = { mem_fragmentation_ratio: ratio, used_memory: used, used_memory_rss: infoNumber(snapshot.info, "memory", "used_memory_rss") };
  if (ratio > thresholds.fragmentationMaximum) {
    return [
      finding(
        snapshot,
        "warning",
        "high-fragmentation",
        `Memory fragmentation ratio ${ratio}: the process holds ${round(ratio, 2)}× the memory its data needs`,
        { ...evidence, threshold: thresholds.fragmentationMaximum },
        "Turn on active defragmentation (CONFIG SET activedefrag yes, jemalloc builds), or restart the node at a quiet time (a replica first, then fail over). MEMORY DOCTOR explains the cause.",
      ),
    ];
  }
  if (ratio < 1) {
    return [
      finding(
        snapshot,
        "warning",
        "memory-swapping",
        `Resident memory is below used memory (fragmentation ratio ${ratio}): the OS is probably swapping Redis out`,
        evidence,
        "Swapped-out Redis answers orders of magnitude slower. Give the machine more RAM or lower maxmemory, and check vm.swappiness and other processes on the host.",
      ),
    ];
  }
  return [];
};

/** Memory limit, eviction policy, evictions, hit rate and fragmentation. */
export const memoryChecks: HealthCheck[] = [memoryLimit, noEviction, evictions, hitRate, fragmentation];
