/**
 * Placing an order: one transaction that checks the idempotency key,
 * checks and reserves stock, numbers the order and writes it.
 *
 * Why it is safe under concurrency: every document whose value decides
 * the outcome is also written by the same transaction. Each SKU's stock
 * document is read and then written (reserved += quantity), the day's
 * counter is read and then written, and the idempotency key document is
 * read and then written. CloudBase's snapshot isolation fails the second
 * of two overlapping transactions that write the same document, and
 * runInTransaction re-runs it against fresh values. So two orders for the
 * same SKU cannot both pass the availability check on the same stock, two
 * orders of one day cannot get the same number, and two requests with the
 * same key cannot both place an order. A transaction that only read a
 * document would not get this protection: snapshot isolation does not
 * detect read-write conflicts.
 *
 * The credit rule runs on the customer's credit account (credit.ts), read
 * by id and then written (openOrdersFen += the order's total) in the same
 * transaction. Two concurrent orders of one customer therefore conflict on
 * that document, and the second is checked against an exposure that
 * includes the first.
 */

import { AppError } from "../../../shared/errors";
import type { OrderFlag } from "../../../shared/schemas/order";
import type {
  OrderDraft,
  PlaceResult,
  ReservationRequest,
  StockShortage,
} from "../port";
import type { OrderRecord } from "../records";
import type { StoreContext } from "./context";
import {
  idempotencyKeyId,
  orderCounterId,
  reservationId,
  setPayload,
  toDocument,
  toRecord,
} from "./documents";
import {
  getOverdueFen,
  openAmountFen,
  ORDER_RECEIVABLE_FIELD,
  readCreditAccount,
  writeCreditAccount,
} from "./credit";
import { readDocument } from "./paging";
import type { Transaction } from "./sdk";
import {
  expectOneUpdated,
  readInTransaction,
  runInTransaction,
} from "./transaction";

/** Fields the orders collection keeps beside the record. */
export const ORDER_INTERNAL_FIELDS = [
  "reservationCount",
  ORDER_RECEIVABLE_FIELD,
] as const;

interface IdempotencyKeyDocument {
  placedBy: string;
  requestId: string;
  requestHash: string;
  orderId: string;
}

/** A SKU's stock as read in a transaction; a missing document reads as zero. */
export interface StockLevel {
  exists: boolean;
  onHand: number;
  reserved: number;
}

/** Returns the replay of an earlier placement, or throws on a reused key. */
function replayOf(
  key: IdempotencyKeyDocument,
  order: OrderRecord | null,
  draft: OrderDraft,
): PlaceResult {
  if (key.requestHash !== draft.order.requestHash) {
    throw new AppError(
      "IDEMPOTENCY_CONFLICT",
      `request id ${draft.order.requestId} was already used for a different order`,
      { orderId: key.orderId },
    );
  }
  if (order === null) {
    throw new Error(
      `idempotency key for request ${key.requestId} names missing order ${key.orderId}`,
    );
  }
  return { order, isReplay: true };
}

/** Sums the base quantity to reserve per SKU. */
export function sumBySku(
  reservations: readonly ReservationRequest[],
): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of reservations) {
    totals.set(line.skuId, (totals.get(line.skuId) ?? 0) + line.baseQuantity);
  }
  return totals;
}

/** Lists the lines whose SKU cannot cover the sum of its lines. */
export function findShortages(
  reservations: readonly ReservationRequest[],
  totals: ReadonlyMap<string, number>,
  levels: ReadonlyMap<string, StockLevel>,
): StockShortage[] {
  const shortages: StockShortage[] = [];
  for (const line of reservations) {
    const level = levels.get(line.skuId);
    const available = level ? level.onHand - level.reserved : 0;
    if ((totals.get(line.skuId) ?? 0) > available) {
      shortages.push({
        lineNo: line.lineNo,
        skuId: line.skuId,
        requestedBase: line.baseQuantity,
        availableBase: Math.max(0, available),
      });
    }
  }
  return shortages;
}

/**
 * Adds an active reservation document per line, numbered from
 * `firstIndex`. The order document's `reservationCount` must grow by the
 * number of lines in the same transaction, because readers find the
 * reservations by those numbers.
 */
export async function addReservationDocuments(
  context: StoreContext,
  transaction: Transaction,
  orderId: string,
  firstIndex: number,
  reservations: readonly ReservationRequest[],
): Promise<void> {
  for (const [offset, line] of reservations.entries()) {
    await context.inTransaction(transaction, "reservations").add(
      toDocument(reservationId(orderId, firstIndex + offset), {
        orderId,
        lineNo: line.lineNo,
        skuId: line.skuId,
        baseQuantity: line.baseQuantity,
        state: "active",
      }),
    );
  }
}

function formatOrderNo(orderDate: string, sequence: number): string {
  return `SO${orderDate.replace(/-/g, "")}-${String(sequence).padStart(4, "0")}`;
}

async function placeInTransaction(
  context: StoreContext,
  transaction: Transaction,
  draft: OrderDraft,
  overdueFen: number,
): Promise<PlaceResult> {
  const { order } = draft;
  const keyId = idempotencyKeyId(order.placedBy, order.requestId);
  const keyDocument = await readInTransaction(
    context,
    transaction,
    "idempotency_keys",
    keyId,
  );
  if (keyDocument !== null) {
    const key = toRecord<IdempotencyKeyDocument>(keyDocument);
    const existing = await readInTransaction(
      context,
      transaction,
      "orders",
      key.orderId,
    );
    return replayOf(
      key,
      existing && toRecord<OrderRecord>(existing, ORDER_INTERNAL_FIELDS),
      draft,
    );
  }

  // Run the credit rule and read every SKU before writing anything, so a
  // refusal or a shortage throws before the transaction takes any lock.
  const account = await readCreditAccount(
    context,
    transaction,
    order.customerId,
  );
  const flags: OrderFlag[] = draft.creditCheck
    ? draft.creditCheck({
        outstandingFen: account.outstandingFen,
        overdueFen,
        openOrdersFen: account.openOrdersFen,
      })
    : order.flags;

  const totals = sumBySku(draft.reservations);
  const skuIds = [...totals.keys()].sort();
  const levels = new Map<string, StockLevel>();
  for (const skuId of skuIds) {
    const stock = await readInTransaction(context, transaction, "stock", skuId);
    levels.set(skuId, {
      exists: stock !== null,
      onHand: Number(stock?.onHand ?? 0),
      reserved: Number(stock?.reserved ?? 0),
    });
  }
  const shortages = findShortages(draft.reservations, totals, levels);
  if (shortages.length > 0) {
    throw new AppError(
      "INSUFFICIENT_STOCK",
      `stock is short for ${shortages.length} order line(s)`,
      shortages,
    );
  }

  const compactDate = draft.orderDate.replace(/-/g, "");
  const counterId = orderCounterId(compactDate);
  const counter = await readInTransaction(
    context,
    transaction,
    "counters",
    counterId,
  );
  const sequence = Number(counter?.value ?? 0) + 1;
  const placed: OrderRecord = {
    ...order,
    flags,
    orderNo: formatOrderNo(draft.orderDate, sequence),
  };

  for (const skuId of skuIds) {
    const quantity = totals.get(skuId) ?? 0;
    if (quantity <= 0) continue;
    const result = await context
      .inTransaction(transaction, "stock")
      .doc(skuId)
      .update({ reserved: context.command.inc(quantity) });
    expectOneUpdated(result, `stock of ${skuId}`);
  }
  await context.inTransaction(transaction, "orders").add(
    toDocument(placed.orderId, {
      ...placed,
      reservationCount: draft.reservations.length,
    }),
  );
  await addReservationDocuments(
    context,
    transaction,
    placed.orderId,
    0,
    draft.reservations,
  );
  const key: IdempotencyKeyDocument = {
    placedBy: order.placedBy,
    requestId: order.requestId,
    requestHash: order.requestHash,
    orderId: order.orderId,
  };
  await context
    .inTransaction(transaction, "idempotency_keys")
    .doc(keyId)
    .set(setPayload(key));
  await context
    .inTransaction(transaction, "audit_events")
    .add(toDocument(draft.event.eventId, draft.event));
  await writeCreditAccount(context, transaction, placed.customerId, account, {
    openOrdersFen: openAmountFen(placed, 0),
    outstandingFen: 0,
  });
  // Every order of the day writes this counter, so it is written last,
  // because a write lock lasts until commit and other placements of the
  // day fail on it meanwhile.
  await context
    .inTransaction(transaction, "counters")
    .doc(counterId)
    .set({ value: sequence, date: draft.orderDate });

  return { order: placed, isReplay: false };
}

/**
 * Places an order atomically (the file comment explains why it is safe).
 * A transaction that fails with anything but an AppError may have lost to
 * a concurrent request with the same key. In that case the key document is
 * read outside the transaction and, if present, that order is replayed.
 */
export async function placeOrder(
  context: StoreContext,
  draft: OrderDraft,
): Promise<PlaceResult> {
  // Overdue debt needs a query, which a transaction cannot run, so it is
  // read just before the transaction. Concurrent orders cannot change it:
  // it grows as due dates pass, and a payment meanwhile only leaves this
  // read too high, which errs on the strict side. The one miss is a cash
  // delivery confirmed during the placement, whose receivable is due at
  // once. Its amount still counts against the limit, as outstanding in the
  // credit account, which the transaction reads.
  const overdueFen = draft.creditCheck
    ? await getOverdueFen(context, draft.order.customerId, draft.order.createdAt)
    : 0;
  try {
    return await runInTransaction(context, (transaction) =>
      placeInTransaction(context, transaction, draft, overdueFen),
    );
  } catch (error) {
    if (error instanceof AppError) throw error;

    const { placedBy, requestId } = draft.order;
    const keyDocument = await readDocument(
      context,
      "idempotency_keys",
      idempotencyKeyId(placedBy, requestId),
    );
    if (keyDocument === null) throw error;
    const key = toRecord<IdempotencyKeyDocument>(keyDocument);
    const existing = await readDocument(context, "orders", key.orderId);
    return replayOf(
      key,
      existing && toRecord<OrderRecord>(existing, ORDER_INTERNAL_FIELDS),
      draft,
    );
  }
}
