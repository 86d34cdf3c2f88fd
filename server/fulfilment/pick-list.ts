import { AppError } from "../../shared/errors";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";
import { loadVisibleOrder } from "../ordering/queries";
import type { OrderRecord } from "../store/records";
import { remainingByLine } from "./quantities";

export interface PickListLine {
  skuId: string;
  name: string;
  specs: Record<string, string>;
  unit: string;
  quantity: number;
  baseUnit: string;
  baseQuantity: number;
  /** Orders and lines the quantity comes from. */
  sources: { orderId: string; orderNo: string; lineNo: number; quantity: number }[];
}

export interface PickList {
  orders: {
    orderId: string;
    orderNo: string;
    customerId: string;
    customerName: string;
    address?: OrderRecord["address"];
    remark?: string;
  }[];
  lines: PickListLine[];
  /** Base-unit totals per SKU across all lines. */
  baseTotals: { skuId: string; baseUnit: string; baseQuantity: number }[];
}

const PICKABLE = new Set(["approved", "partially_shipped", "picked"]);

/**
 * Builds a pick list for one or several approved orders: what is left to
 * ship, combined per SKU and unit, with base-unit totals per SKU.
 */
export async function buildPickList(
  runtime: Runtime,
  caller: Caller,
  input: { orderIds: string[] },
): Promise<PickList> {
  const orders: OrderRecord[] = [];
  for (const orderId of [...new Set(input.orderIds)]) {
    const order = await loadVisibleOrder(runtime, caller, orderId);
    if (!PICKABLE.has(order.status)) {
      throw new AppError("ORDER_STATE_CONFLICT", `order ${order.orderNo} is ${order.status}, not approved`, {
        status: order.status,
        orderId,
      });
    }
    orders.push(order);
  }

  const lines = new Map<string, PickListLine>();
  for (const order of orders) {
    const remaining = remainingByLine(order);
    for (const line of order.lines) {
      const quantity = remaining.get(line.lineNo) ?? 0;
      if (quantity <= 0) continue;
      const key = `${line.skuId}\u0000${line.unit}`;
      const entry = lines.get(key) ?? {
        skuId: line.skuId,
        name: line.name,
        specs: line.specs,
        unit: line.unit,
        quantity: 0,
        baseUnit: line.baseUnit,
        baseQuantity: 0,
        sources: [],
      };
      entry.quantity += quantity;
      entry.baseQuantity += quantity * line.factor;
      entry.sources.push({ orderId: order.orderId, orderNo: order.orderNo, lineNo: line.lineNo, quantity });
      lines.set(key, entry);
    }
  }
  const sorted = [...lines.values()].sort((a, b) => {
    if (a.skuId !== b.skuId) return a.skuId < b.skuId ? -1 : 1;
    return a.unit < b.unit ? -1 : 1;
  });
  const totals = new Map<string, { skuId: string; baseUnit: string; baseQuantity: number }>();
  for (const line of sorted) {
    const total = totals.get(line.skuId) ?? { skuId: line.skuId, baseUnit: line.baseUnit, baseQuantity: 0 };
    total.baseQuantity += line.baseQuantity;
    totals.set(line.skuId, total);
  }

  return {
    orders: orders.map((order) => ({
      orderId: order.orderId,
      orderNo: order.orderNo,
      customerId: order.customerId,
      customerName: order.customerName,
      ...(order.address ? { address: order.address } : {}),
      ...(order.remark ? { remark: order.remark } : {}),
    })),
    lines: sorted,
    baseTotals: [...totals.values()],
  };
}
