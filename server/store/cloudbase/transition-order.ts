/**
 * Moving an order between statuses, releasing its reservations in the
 * same transaction when asked.
 *
 * Why it is safe under concurrency: the transaction always writes the
 * order document it checked. Of two overlapping transitions of one order,
 * the second therefore fails on CloudBase's write lock and re-runs against
 * the new status, where `from` no longer matches. A reservation is
 * released only while its state is "active", so stock is given back
 * exactly once even if a transition is re-run. A transition into or out
 * of an open status also writes the customer's credit account (credit.ts)
 * in the same transaction.
 */

import { AppError } from "../../../shared/errors";
import type { OrderTransition } from "../port";
import type { OrderRecord } from "../records";
import type { StoreContext } from "./context";
import {
  CreditAccountChanges,
  applyCreditAccountChanges,
  openAmountFen,
  ORDER_RECEIVABLE_FIELD,
} from "./credit";
import { reservationId, toDocument, toRecord } from "./documents";
import { ORDER_INTERNAL_FIELDS } from "./place-order";
import { documentsOf, type Transaction } from "./sdk";
import { expectOneUpdated, runInTransaction } from "./transaction";

/** Marks the order's active reservations released and returns stock. */
async function releaseReservations(
  context: StoreContext,
  transaction: Transaction,
  orderId: string,
  reservationCount: number,
): Promise<void> {
  const releasedBySku = new Map<string, number>();

  for (let index = 0; index < reservationCount; index += 1) {
    const id = reservationId(orderId, index);
    const reservations = context.inTransaction(transaction, "reservations");
    const [reservation] = documentsOf(await reservations.doc(id).get());
    if (reservation === undefined || reservation.state !== "active") continue;

    const result = await reservations.doc(id).update({ state: "released" });
    expectOneUpdated(result, `reservation ${id}`);
    const skuId = String(reservation.skuId);
    const quantity = Number(reservation.baseQuantity);
    releasedBySku.set(skuId, (releasedBySku.get(skuId) ?? 0) + quantity);
  }

  for (const [skuId, quantity] of releasedBySku) {
    const result = await context
      .inTransaction(transaction, "stock")
      .doc(skuId)
      .update({ reserved: context.command.inc(-quantity) });
    expectOneUpdated(result, `stock of ${skuId}`);
  }
}

async function transitionInTransaction(
  context: StoreContext,
  transaction: Transaction,
  change: OrderTransition,
): Promise<OrderRecord> {
  const orders = context.inTransaction(transaction, "orders");
  const [document] = documentsOf(await orders.doc(change.orderId).get());
  if (document === undefined) {
    throw new AppError("NOT_FOUND", `order ${change.orderId} not found`);
  }
  const order = toRecord<OrderRecord>(document, ORDER_INTERNAL_FIELDS);
  if (!change.from.includes(order.status)) {
    throw new AppError(
      "ORDER_STATE_CONFLICT",
      `order ${change.orderId} is ${order.status}, expected one of ${change.from.join(", ")}`,
      { status: order.status },
    );
  }

  // The version bump lets applyOrderChange detect that a snapshot it was
  // given predates this transition.
  const fields: Partial<OrderRecord> = {
    status: change.to,
    updatedAt: change.event.at,
    version: (order.version ?? 0) + 1,
    ...(change.to === "approved" ? { approvedAt: change.event.at } : {}),
  };
  const updated: OrderRecord = { ...order, ...fields };
  const result = await orders.doc(change.orderId).update(fields);
  expectOneUpdated(result, `order ${change.orderId}`);

  if (change.releaseReservations) {
    await releaseReservations(
      context,
      transaction,
      change.orderId,
      Number(document.reservationCount ?? 0),
    );
  }
  await context
    .inTransaction(transaction, "audit_events")
    .add(toDocument(change.event.eventId, change.event));

  const receivableFen = Number(document[ORDER_RECEIVABLE_FIELD] ?? 0);
  const credit = new CreditAccountChanges();
  credit.addOpenOrders(
    order.customerId,
    openAmountFen(updated, receivableFen) - openAmountFen(order, receivableFen),
  );
  await applyCreditAccountChanges(context, transaction, credit);

  return updated;
}

/** Applies the transition atomically (see the file comment). */
export function transitionOrder(
  context: StoreContext,
  change: OrderTransition,
): Promise<OrderRecord> {
  return runInTransaction(context, (transaction) =>
    transitionInTransaction(context, transaction, change),
  );
}
