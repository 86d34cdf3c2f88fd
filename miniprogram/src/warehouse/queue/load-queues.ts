import type { OrderStatus } from "../../../../shared/order-status";
import type { OrderView } from "../../../../shared/schemas/order";
import { listOrders } from "../../api/orders";
import { unreceivedShipments } from "../order-lines";

// Pages of 100 read at most per status, so a huge backlog cannot stall the page.
const MAX_PAGES = 10;
const PAGE_SIZE = 100;

export interface WarehouseQueues {
  /** Approved, picked and partially shipped orders, oldest first. */
  toPick: OrderView[];
  /** Shipped orders with a shipment nobody has signed for, oldest first. */
  toReceive: OrderView[];
  /** True when a status had more than MAX_PAGES pages; the newest are left out. */
  isTruncated: boolean;
}

async function listAllWithStatus(
  status: OrderStatus,
): Promise<{ orders: OrderView[]; isTruncated: boolean }> {
  const orders: OrderView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await listOrders({ status, limit: PAGE_SIZE, cursor });
    orders.push(...result.items);
    if (!result.nextCursor) return { orders, isTruncated: false };
    cursor = result.nextCursor;
  }
  return { orders, isTruncated: true };
}

function oldestFirst(a: OrderView, b: OrderView): number {
  const byTime = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (byTime !== 0) return byTime;
  return a.orderId < b.orderId ? -1 : 1;
}

/**
 * Reads the warehouse's work: orders.list filters one status at a time
 * and returns newest first, so each status is paged through and the
 * result is merged and sorted oldest first.
 */
export async function loadWarehouseQueues(): Promise<WarehouseQueues> {
  const [approved, picked, partial, shipped] = await Promise.all([
    listAllWithStatus("approved"),
    listAllWithStatus("picked"),
    listAllWithStatus("partially_shipped"),
    listAllWithStatus("shipped"),
  ]);
  const toPick = [...approved.orders, ...picked.orders, ...partial.orders].sort(
    oldestFirst,
  );
  const toReceive = [...partial.orders, ...shipped.orders]
    .filter((order) => unreceivedShipments(order).length > 0)
    .sort(oldestFirst);
  const isTruncated = [approved, picked, partial, shipped].some(
    (result) => result.isTruncated,
  );
  return { toPick, toReceive, isTruncated };
}
