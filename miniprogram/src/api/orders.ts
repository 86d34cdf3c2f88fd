import type { OrderStatus } from "../../../shared/order-status";
import type { Page } from "../../../shared/schemas/common";
import type {
  OrderLineInput,
  OrderView,
  Quote,
} from "../../../shared/schemas/order";
import { callFunction } from "./call-function";

export interface PlaceOrderInput {
  requestId: string;
  lines: OrderLineInput[];
  remark?: string;
  customerId?: string;
}

export interface OrderListInput {
  cursor?: string;
  limit?: number;
  status?: OrderStatus;
}

/** Prices a cart and reports available stock per line; changes nothing. */
export function quoteOrder(
  lines: OrderLineInput[],
  customerId?: string,
): Promise<Quote> {
  return callFunction<Quote>("orders", { action: "quote", lines, customerId });
}

/** Places an order; the same requestId returns the same order. */
export function placeOrder(input: PlaceOrderInput): Promise<OrderView> {
  return callFunction<OrderView>("orders", { action: "place", ...input });
}

export function listOrders(input: OrderListInput): Promise<Page<OrderView>> {
  return callFunction<Page<OrderView>>("orders", { action: "list", ...input });
}

export function getOrder(orderId: string): Promise<OrderView> {
  return callFunction<OrderView>("orders", { action: "get", orderId });
}

export function cancelOrder(orderId: string): Promise<OrderView> {
  return callFunction<OrderView>("orders", { action: "cancel", orderId });
}
