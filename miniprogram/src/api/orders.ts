import type { OrderStatus } from "../../../shared/order-status";
import type { Page } from "../../../shared/schemas/common";
import type {
  CartLineInput,
  OrderLineInput,
  OrderView,
  Quote,
} from "../../../shared/schemas/order";
import { callFunction } from "./call-function";

export interface PlaceOrderInput {
  requestId: string;
  lines: CartLineInput[];
  remark?: string;
  customerId?: string;
  priceReason?: string;
}

export interface OrderListInput {
  cursor?: string;
  limit?: number;
  status?: OrderStatus;
  /** Orders in any of these statuses; not together with `status`. */
  statuses?: readonly OrderStatus[];
  /** An order number such as SO20261204-0001. */
  orderNo?: string;
  customerId?: string;
  /** Inclusive China-time dates YYYY-MM-DD. */
  from?: string;
  to?: string;
}

/** Prices a cart and reports available stock per line; changes nothing. */
export function quoteOrder(
  lines: CartLineInput[],
  customerId?: string,
): Promise<Quote> {
  return callFunction<Quote>("orders", { action: "quote", lines, customerId });
}

/** Places an order; the same requestId returns the same order. */
export function placeOrder(input: PlaceOrderInput): Promise<OrderView> {
  return callFunction<OrderView>("orders", { action: "place", ...input });
}

/** Pages orders newest first. */
export function listOrders(input: OrderListInput): Promise<Page<OrderView>> {
  return callFunction<Page<OrderView>>("orders", { action: "list", ...input });
}

export function getOrder(orderId: string): Promise<OrderView> {
  return callFunction<OrderView>("orders", { action: "get", orderId });
}

export function cancelOrder(orderId: string): Promise<OrderView> {
  return callFunction<OrderView>("orders", { action: "cancel", orderId });
}

export function approveOrder(orderId: string): Promise<OrderView> {
  return callFunction<OrderView>("orders", { action: "approve", orderId });
}

export function rejectOrder(
  orderId: string,
  reason: string,
): Promise<OrderView> {
  return callFunction<OrderView>("orders", {
    action: "reject",
    orderId,
    reason,
  });
}

/**
 * Releases an order held for credit review so it can be approved; the
 * reason goes to the order's audit trail.
 */
export function releaseCreditHold(
  orderId: string,
  reason: string,
): Promise<OrderView> {
  return callFunction<OrderView>("orders", {
    action: "releaseHold",
    orderId,
    reason,
  });
}

export interface AmendOrderInput {
  orderId: string;
  lines: OrderLineInput[];
  reprice?: boolean;
}

/** Changes the quantities or lines of an approved, unshipped order. */
export function amendOrder(input: AmendOrderInput): Promise<OrderView> {
  return callFunction<OrderView>("orders", { action: "amend", ...input });
}
