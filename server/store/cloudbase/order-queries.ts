/**
 * Order reads, the audit trail and the historical import.
 */

import type { OrderCursor, OrderFilter, ReservationRecord } from "../port";
import type { AuditEventRecord, OrderRecord } from "../records";
import type { StoreContext } from "./context";
import { idempotencyKeyId, toDocument, toRecord } from "./documents";
import { readByIds, readByKeyset, readDocument } from "./paging";
import { ORDER_INTERNAL_FIELDS } from "./place-order";
import type { StoredDocument } from "./sdk";

/** Documents one batch `add()` inserts when importing orders. */
const IMPORT_BATCH_SIZE = 100;

function toOrder(document: StoredDocument): OrderRecord {
  return toRecord<OrderRecord>(document, ORDER_INTERNAL_FIELDS);
}

export async function getOrder(
  context: StoreContext,
  orderId: string,
): Promise<OrderRecord | null> {
  const document = await readDocument(context, "orders", orderId);
  return document && toOrder(document);
}

/**
 * Returns the order placed with this key, via the idempotency key document
 * that placeOrder writes. Imported orders have no key document, so they
 * are not found here.
 */
export async function findOrderByRequest(
  context: StoreContext,
  placedBy: string,
  requestId: string,
): Promise<OrderRecord | null> {
  const key = await readDocument(
    context,
    "idempotency_keys",
    idempotencyKeyId(placedBy, requestId),
  );
  if (key === null) return null;
  return getOrder(context, String(key.orderId));
}

/** Returns the order's reservations in line order. */
export async function getReservations(
  context: StoreContext,
  orderId: string,
): Promise<ReservationRecord[]> {
  const documents = await readByKeyset(context, {
    collection: "reservations",
    conditions: [{ orderId }],
    direction: "asc",
  });
  return documents
    .map((document) => toRecord<ReservationRecord>(document))
    .sort((left, right) => left.lineNo - right.lineNo);
}

/**
 * Pages orders newest first by (createdAt, orderId). The order id is the
 * document `_id`, so the keyset is (createdAt, _id).
 */
export async function listOrders(
  context: StoreContext,
  filter: OrderFilter,
  page: { after?: OrderCursor; limit: number },
): Promise<OrderRecord[]> {
  const _ = context.command;
  const conditions: object[] = [];

  if (filter.customerIds !== undefined) {
    if (filter.customerIds.length === 0) return [];
    conditions.push(
      filter.customerIds.length === 1
        ? { customerId: filter.customerIds[0] }
        : { customerId: _.in(filter.customerIds) },
    );
  }
  if (filter.status !== undefined) conditions.push({ status: filter.status });
  if (filter.statuses !== undefined) {
    if (filter.statuses.length === 0) return [];
    conditions.push({ status: _.in([...filter.statuses]) });
  }
  if (filter.orderNo !== undefined) conditions.push({ orderNo: filter.orderNo });
  if (filter.createdFrom !== undefined) {
    conditions.push({ createdAt: _.gte(filter.createdFrom) });
  }
  if (filter.createdBefore !== undefined) {
    conditions.push({ createdAt: _.lt(filter.createdBefore) });
  }

  const documents = await readByKeyset(context, {
    collection: "orders",
    conditions,
    sortFields: ["createdAt"],
    direction: "desc",
    after: page.after && {
      sortValues: [page.after.createdAt],
      id: page.after.orderId,
    },
    limit: page.limit,
  });
  return documents.map(toOrder);
}

/** Returns an entity's audit events oldest first. */
export async function getAuditTrail(
  context: StoreContext,
  entityType: AuditEventRecord["entityType"],
  entityId: string,
): Promise<AuditEventRecord[]> {
  const documents = await readByKeyset(context, {
    collection: "audit_events",
    conditions: [{ entityType, entityId }],
    sortFields: ["at"],
    direction: "asc",
  });
  return documents.map((document) => toRecord<AuditEventRecord>(document));
}

/**
 * Inserts the orders whose ids are not stored yet, in batches.
 *
 * NOTE: two imports of the same order running at once can both find it
 * missing; the second batch insert then fails on the duplicate `_id`.
 * Imports are run one at a time by an operator. Credit accounts are not
 * updated, so an imported order in an open status does not count against
 * the customer's credit.
 */
export async function importOrders(
  context: StoreContext,
  orders: readonly OrderRecord[],
): Promise<number> {
  const byId = new Map<string, OrderRecord>();
  for (const order of orders) {
    if (!byId.has(order.orderId)) byId.set(order.orderId, order);
  }
  const existing = await readByIds(context, "orders", [...byId.keys()]);
  const fresh = [...byId.values()].filter(
    (order) => !existing.has(order.orderId),
  );

  for (let start = 0; start < fresh.length; start += IMPORT_BATCH_SIZE) {
    const batch = fresh
      .slice(start, start + IMPORT_BATCH_SIZE)
      .map((order) =>
        toDocument(order.orderId, { ...order, reservationCount: 0 }),
      );
    await context.collection("orders").add(batch);
  }
  return fresh.length;
}
