import type { OrderView } from "../../../../shared/schemas/order";
import { listOrders, quoteOrder } from "../../api/orders";

// Pages of 100 read at most, so a huge backlog cannot stall the page.
const MAX_PAGES = 20;
const PAGE_SIZE = 100;

export interface ReviewQueue {
  /** Orders waiting for review, oldest first. */
  orders: OrderView[];
  /** True when more than MAX_PAGES pages wait; the newest are left out. */
  isTruncated: boolean;
}

/**
 * Reads every pending_review order. orders.list returns newest first, so
 * the queue pages through all of it and reverses, to put the order that
 * has waited longest on top.
 */
export async function loadReviewQueue(): Promise<ReviewQueue> {
  const orders: OrderView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await listOrders({
      status: "pending_review",
      limit: PAGE_SIZE,
      cursor,
    });
    orders.push(...result.items);
    if (!result.nextCursor) return { orders: orders.reverse(), isTruncated: false };
    cursor = result.nextCursor;
  }
  return { orders: orders.reverse(), isTruncated: true };
}

/**
 * Returns stock warnings for an order from a fresh quote: lines where this
 * order reserved the last free stock, so approving it leaves none for
 * anyone else.
 * NOTE: placement reserves every line or fails, and the store keeps
 * reserved stock at or below on-hand, so a pending order is never short
 * of its own quantity; the quote can only show how tight stock is now.
 */
export async function checkStockNow(order: OrderView): Promise<string[]> {
  const lines = order.lines.map(({ skuId, unit, quantity }) => ({
    skuId,
    unit,
    quantity,
  }));
  const quote = await quoteOrder(lines, order.customerId);
  return quote.lines
    .filter((quoted) => quoted.available === 0)
    .map(
      (quoted) =>
        `库存已用尽：${quoted.name}（${quoted.unit}）除本单外已无可用库存`,
    );
}

// Order numbers are SO + China-time date + "-" + a daily sequence.
const ORDER_NO_PATTERN = /^SO(\d{4})(\d{2})(\d{2})-\d+$/i;

/** Finds an order by its number; the server looks it up directly. */
export async function findOrderByNo(orderNo: string): Promise<OrderView | null> {
  if (!ORDER_NO_PATTERN.test(orderNo.trim())) return null;
  const result = await listOrders({ orderNo: orderNo.trim().toUpperCase(), limit: 1 });
  return result.items[0] ?? null;
}

export function isOrderNo(text: string): boolean {
  return ORDER_NO_PATTERN.test(text.trim());
}
