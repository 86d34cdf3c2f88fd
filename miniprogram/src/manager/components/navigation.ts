import Taro from "@tarojs/taro";

import type { OrderStatus } from "../../../../shared/order-status";

/** Filters of the drill-down order list; dates are inclusive China-time dates. */
export interface OrderDrillDown {
  title: string;
  customerId?: string;
  status?: OrderStatus;
  from?: string;
  to?: string;
}

/** Opens the orders behind a figure, filtered as orders.list allows. */
export function openOrders(filter: OrderDrillDown): void {
  const query = Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
    .join("&");
  void Taro.navigateTo({ url: `/manager/orders/index?${query}` });
}

export function openReport(
  page: "trend" | "frequency" | "ranking" | "dormant",
  query = "",
): void {
  void Taro.navigateTo({
    url: `/manager/${page}/index${query ? `?${query}` : ""}`,
  });
}

/** Returns the last day of a month "YYYY-MM". */
export function lastDayOf(month: string): string {
  const [year, value] = month.split("-").map(Number);
  const day = new Date(Date.UTC(year, value, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, "0")}`;
}

/** Formats fen compactly for chart axes, in yuan: 1234567 fen as "¥1.2万", 16800 as "¥168". */
export function formatFenShort(fen: number): string {
  const yuan = Math.round(fen / 100);
  return yuan >= 10_000 ? `¥${(yuan / 10_000).toFixed(1)}万` : `¥${yuan}`;
}
