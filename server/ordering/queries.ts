import { addChinaDays, startOfChinaDate } from "../../shared/china-time";
import { AppError } from "../../shared/errors";
import type { Page } from "../../shared/schemas/common";
import type { OrderListInput, OrderView } from "../../shared/schemas/order";
import { canSeeCustomer } from "../core/access";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";
import type { OrderCursor, OrderFilter } from "../store/port";
import type { OrderRecord } from "../store/records";
import { toOrderView, toTimelineEvent } from "./views";

const DEFAULT_PAGE_SIZE = 20;

/**
 * Loads an order the caller may see. Another customer's order is reported
 * as NOT_FOUND so its existence does not leak.
 */
export async function loadVisibleOrder(
  runtime: Runtime,
  caller: Caller,
  orderId: string,
): Promise<OrderRecord> {
  const order = await runtime.store.getOrder(orderId);
  if (!order) throw new AppError("NOT_FOUND", `order ${orderId} not found`);
  if (caller.role === "customer" && order.customerId !== caller.customerId) {
    throw new AppError("NOT_FOUND", `order ${orderId} not found`);
  }
  if (caller.role === "salesperson") {
    const customer = await runtime.store.getCustomer(order.customerId);
    if (!customer || !canSeeCustomer(caller, customer)) {
      throw new AppError("NOT_FOUND", `order ${orderId} not found`);
    }
  }
  return order;
}

/** Returns one order with its audit timeline. */
export async function getOrder(
  runtime: Runtime,
  caller: Caller,
  input: { orderId: string },
): Promise<OrderView> {
  const order = await loadVisibleOrder(runtime, caller, input.orderId);
  const events = await runtime.store.getAuditTrail("order", order.orderId);
  const actorNames = new Map<string, string>();
  for (const actorId of new Set(events.map((event) => event.actorId))) {
    const user = await runtime.store.getUser(actorId);
    if (user) actorNames.set(actorId, user.name);
  }
  return toOrderView(
    order,
    events.map((event) => toTimelineEvent(event, actorNames, caller.role)),
    caller.role,
  );
}

function encodeCursor(order: OrderRecord): string {
  return Buffer.from(JSON.stringify([order.createdAt, order.orderId])).toString("base64url");
}

function decodeCursor(cursor: string): OrderCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === "string"
    ) {
      return { createdAt: value[0], orderId: value[1] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new AppError("INVALID_INPUT", "cursor is not one this list returned", [
    { path: ["cursor"], code: "invalid_cursor", message: "invalid cursor" },
  ]);
}

/** Narrows the filter to the customers the caller may see. */
async function visibleCustomerIds(
  runtime: Runtime,
  caller: Caller,
  requested: string | undefined,
): Promise<string[] | undefined> {
  if (caller.role === "customer") {
    if (requested && requested !== caller.customerId) {
      throw new AppError("FORBIDDEN", "a customer can list only their own orders");
    }
    return caller.customerId ? [caller.customerId] : [];
  }
  if (caller.role === "salesperson") {
    const assigned = (await runtime.store.listCustomersOfSalesperson(caller.userId)).map(
      (customer) => customer.customerId,
    );
    if (requested && !assigned.includes(requested)) {
      throw new AppError("FORBIDDEN", `customer ${requested} is not assigned to you`);
    }
    return requested ? [requested] : assigned;
  }
  return requested ? [requested] : undefined;
}

/** Pages orders newest first; `from`/`to` are inclusive China-time dates. */
export async function listOrders(
  runtime: Runtime,
  caller: Caller,
  input: OrderListInput,
): Promise<Page<OrderView>> {
  const filter: OrderFilter = {
    customerIds: await visibleCustomerIds(runtime, caller, input.customerId),
    status: input.status,
    statuses: input.statuses,
    orderNo: input.orderNo,
    createdFrom: input.from ? startOfChinaDate(input.from).getTime() : undefined,
    createdBefore: input.to
      ? startOfChinaDate(addChinaDays(input.to, 1)).getTime()
      : undefined,
  };
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const rows = await runtime.store.listOrders(filter, {
    after: input.cursor ? decodeCursor(input.cursor) : undefined,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  return {
    items: items.map((order) => toOrderView(order, undefined, caller.role)),
    nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null,
  };
}
