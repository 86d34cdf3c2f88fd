import type { OrderView } from "../../../shared/schemas/order";

/** What the warehouse does next with an order in the pick queue. */
export function nextStep(order: OrderView): { label: string; url: string } {
  const query = `orderId=${encodeURIComponent(order.orderId)}`;
  if (order.status === "picked") {
    return { label: "去发货", url: `/warehouse/ship/index?${query}` };
  }
  return { label: "去拣货", url: `/warehouse/pick/index?${query}` };
}

/** The queue's short status text: 待拣货, 已拣货待发货 or 欠货待拣. */
export function stageLabel(order: OrderView): string {
  if (order.status === "picked") return "已拣货待发货";
  if (order.status === "partially_shipped") return "部分发货，欠货待拣";
  return "待拣货";
}
