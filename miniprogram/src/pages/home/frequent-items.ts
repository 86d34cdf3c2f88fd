import type { OrderView } from "../../../../shared/schemas/order";

/** A SKU and unit a customer orders often, with a typical quantity. */
export interface FrequentItem {
  skuId: string;
  unit: string;
  name: string;
  specsText: string;
  /** How many of the orders contain it. */
  orderCount: number;
  /** The quantity of its latest order. */
  lastQuantity: number;
}

/**
 * Ranks SKU and unit pairs by how many of the given orders contain them,
 * most frequent first; cancelled and rejected orders do not count.
 */
export function rankFrequentItems(
  orders: readonly OrderView[],
  max: number,
): FrequentItem[] {
  const items = new Map<string, FrequentItem>();
  for (const order of orders) {
    if (order.status === "cancelled" || order.status === "rejected") continue;
    for (const line of order.lines) {
      const key = `${line.skuId}:${line.unit}`;
      const item = items.get(key);
      if (item) {
        item.orderCount += 1;
        continue;
      }
      // Orders arrive newest first, so the first line seen is the latest.
      items.set(key, {
        skuId: line.skuId,
        unit: line.unit,
        name: line.name,
        specsText: Object.values(line.specs).join(" / "),
        orderCount: 1,
        lastQuantity: line.quantity,
      });
    }
  }
  return [...items.values()]
    .sort((a, b) => b.orderCount - a.orderCount)
    .slice(0, max);
}
