import type { OrderStatus } from "../../../../shared/order-status";

export interface StatusTab {
  key: string;
  title: string;
  /** The statuses the tab lists; undefined lists every order. */
  statuses?: readonly OrderStatus[];
}

/**
 * The orders list's tabs, in the order a customer follows an order. Every
 * status belongs to one tab besides 全部. An order picked in the warehouse
 * still waits to ship, a partial shipment has shipped, and an order that
 * finance completed was signed for.
 */
export const STATUS_TABS: readonly StatusTab[] = [
  { key: "all", title: "全部" },
  { key: "pending_review", title: "待审核", statuses: ["pending_review"] },
  { key: "to_ship", title: "待发货", statuses: ["approved", "picked"] },
  { key: "shipped", title: "已发货", statuses: ["partially_shipped", "shipped"] },
  { key: "delivered", title: "已签收", statuses: ["delivered", "completed"] },
  { key: "cancelled", title: "已取消", statuses: ["cancelled"] },
  { key: "rejected", title: "已驳回", statuses: ["rejected"] },
];
