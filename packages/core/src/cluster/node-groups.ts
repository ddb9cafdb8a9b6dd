import type { Cluster, Redis } from "ioredis";
import { keyPrefixOf, nodeAddress } from "../client/redis-client.js";
import { slotOf } from "./slots.js";

/** Keys of one slot: their positions in the caller's list. */
export interface SlotGroup {
  slot: number;
  indices: number[];
}

/** The keys one master serves, to be sent on that master's own connection. */
export interface NodeGroup {
  /** The cluster's connection to the master the slot map names for these slots. */
  connection: Redis;
  /** The node's `host:port`, for error messages. */
  address: string;
  /**
   * Prepended to a key sent as a key argument on `connection`, so Redis sees the name the cluster
   * client would send: the cluster's `keyPrefix` less any prefix the node connection adds itself.
   */
  keyArgumentPrefix: string;
  /** Positions (in the caller's list) of every key this master serves, in the caller's order. */
  indices: number[];
  /** The same positions grouped by slot, when asked for (multi-key commands need one slot each). */
  slots: SlotGroup[];
}

/** What {@link groupByMaster} found: node groups, and the keys whose master is not known yet. */
export interface MasterGroups {
  nodes: NodeGroup[];
  /** The cluster's `keyPrefix`: prepended to key names sent as plain (script) arguments, which no connection prefixes. */
  keyPrefix: string;
  /** Positions of keys with no known master connection (no slot map yet, a node just added): send them through the cluster client. */
  unrouted: number[];
}

/**
 * Groups keys by the master connection ioredis' slot map names for their hash slot (after the
 * cluster's key prefix), keeping each key's position so results go back in the caller's order;
 * with `bySlot`, also by slot within each master. Works with ioredis 5 and 6 `Cluster` instances
 * (`slots`, `nodes("master")`).
 */
export function groupByMaster(client: Cluster, keys: readonly string[], bySlot: boolean): MasterGroups {
  const keyPrefix = keyPrefixOf(client);
  const masters = new Map<string, Redis>();
  for (const connection of client.nodes("master")) masters.set(nodeAddress(connection), connection);
  const byAddress = new Map<string, NodeGroup & { slotIndices: Map<number, number[]> }>();
  const unrouted: number[] = [];
  keys.forEach((key, index) => {
    const slot = slotOf(keyPrefix + key);
    // slots[slot] lists the master first, then replicas; empty before the first slot refresh.
    const address = client.slots[slot]?.[0];
    let group = address === undefined ? undefined : byAddress.get(address);
    if (!group) {
      const connection = address === undefined ? undefined : masters.get(address);
      if (address === undefined || connection === undefined) {
        unrouted.push(index);
        return;
      }
      group = { connection, address, keyArgumentPrefix: remainingPrefix(keyPrefix, connection), indices: [], slots: [], slotIndices: new Map() };
      byAddress.set(address, group);
    }
    group.indices.push(index);
    if (bySlot) {
      const indices = group.slotIndices.get(slot);
      if (indices) indices.push(index);
      else group.slotIndices.set(slot, [index]);
    }
  });
  const nodes = [...byAddress.values()].map(({ slotIndices, ...group }) => ({
    ...group,
    slots: [...slotIndices].map(([slot, indices]) => ({ slot, indices })),
  }));
  return { nodes, keyPrefix, unrouted };
}

/**
 * A cluster's `keyPrefix` is applied by the cluster client; its node connections apply only a
 * prefix given in `redisOptions`. What is left to add by hand on a node connection.
 */
function remainingPrefix(clusterPrefix: string, connection: Redis): string {
  const nodePrefix = (connection.options as { keyPrefix?: string }).keyPrefix ?? "";
  return clusterPrefix.startsWith(nodePrefix) ? clusterPrefix.slice(nodePrefix.length) : clusterPrefix;
}
