import { isCluster, keyPrefixOf, type RedisClient } from "../client/redis-client.js";
import { slotOf } from "./slots.js";

/** Keys of one slot: their positions in the caller's list. */
export interface SlotGroup {
  slot: number;
  indices: number[];
}

/** Everything one node serves: one pipeline, one round trip. */
export interface NodeBatch {
  node: string;
  slots: SlotGroup[];
}

/**
 * Groups keys by hash slot and slots by the master serving them, keeping each key's position so
 * results can be put back in the caller's order. A standalone client gets one batch with one
 * group (there are no slots to respect).
 */
export function planBySlot(client: RedisClient, keys: readonly string[]): NodeBatch[] {
  if (!isCluster(client)) return [{ node: "standalone", slots: [{ slot: 0, indices: keys.map((_, index) => index) }] }];
  const prefix = keyPrefixOf(client);
  const bySlot = new Map<number, number[]>();
  keys.forEach((key, index) => {
    const slot = slotOf(prefix + key);
    const indices = bySlot.get(slot);
    if (indices) indices.push(index);
    else bySlot.set(slot, [index]);
  });
  const byNode = new Map<string, SlotGroup[]>();
  for (const [slot, indices] of bySlot) {
    // slots[slot] lists the master first, then replicas; unknown before the first slot refresh.
    const node = client.slots[slot]?.[0] ?? `slot:${slot}`;
    const groups = byNode.get(node);
    if (groups) groups.push({ slot, indices });
    else byNode.set(node, [{ slot, indices }]);
  }
  return [...byNode].map(([node, slots]) => ({ node, slots }));
}
