/**
 * Applying an order change computed by a service (shipping, receipt,
 * amendment): one transaction that checks the order's version, moves
 * stock, adjusts reservations, adds the reservations of added lines,
 * rewrites the order and inserts its audit events, messages and
 * receivables.
 *
 * Why it is safe under concurrency: the transaction writes the order
 * document whose version it checked, and every stock document whose level
 * it checked and changed. Of two overlapping changes of one order, or of
 * two changes that move the same SKU, the second fails on CloudBase's write
 * lock and re-runs against the new values. For one order, the re-run then
 * finds the version moved on and throws ORDER_STATE_CONFLICT. Every check
 * runs before the first write, so a rejected change takes no lock and
 * writes nothing.
 *
 * The change also keeps the customer's credit account (credit.ts) in step.
 * The order's open amount before the change comes from the stored order
 * and its receivable total, and after it from `next` and the receivables
 * the change saves. The outstanding amount moves by what those receivables
 * add or replace.
 */

import { AppError } from "../../../shared/errors";
import type { OrderChange, StockShortage } from "../port";
import type { OrderRecord, ReceivableRecord } from "../records";
import type { StoreContext } from "./context";
import {
  applyCreditAccountChanges,
  CreditAccountChanges,
  getOverdueFen,
  openAmountFen,
  ORDER_RECEIVABLE_FIELD,
  readCreditAccount,
  receivablePayload,
  toReceivable,
} from "./credit";
import { reservationId, setPayload, toDocument, toRecord } from "./documents";
import { addInboxInTransaction, addOutboxInTransaction } from "./notifications";
import {
  addReservationDocuments,
  findShortages,
  ORDER_INTERNAL_FIELDS,
  sumBySku,
  type StockLevel as PlacementStockLevel,
} from "./place-order";
import type { StoredDocument, Transaction } from "./sdk";
import {
  expectOneUpdated,
  readInTransaction,
  runInTransaction,
} from "./transaction";

interface StockLevel {
  onHand: number;
  reserved: number;
}

/** Stock levels read in the transaction, and the net change to write per SKU. */
interface StockPlan {
  /** Each read SKU's level after the moves; null when it has no stock document. */
  levels: Map<string, StockLevel | null>;
  netChanges: Map<string, StockLevel>;
}

/** A reservation document of the order, as read in the transaction. */
interface StoredReservation {
  id: string;
  lineNo: number;
  state: string;
  baseQuantity: number;
}

/** A reservation document to rewrite, and the base quantity it keeps. */
interface ReservationWrite {
  id: string;
  remaining: number;
  /** State it takes when `remaining` reaches zero. */
  endState: "consumed" | "released";
}

/**
 * Reads the stock of every moved SKU and applies the moves in memory, in
 * the order given, with the SQLite adapter's rules. A move may not take
 * on-hand or reserved below zero or reserved above on-hand, and a SKU
 * without stock cannot move. Returns the levels after the moves and the
 * net change per SKU, or throws INSUFFICIENT_STOCK listing every move that
 * broke a rule.
 */
async function planStockMoves(
  context: StoreContext,
  transaction: Transaction,
  change: OrderChange,
): Promise<StockPlan> {
  const levels = new Map<string, StockLevel | null>();
  const netChanges = new Map<string, StockLevel>();
  const shortages: StockShortage[] = [];

  for (const move of change.stockMoves ?? []) {
    if (!levels.has(move.skuId)) {
      const stock = await readInTransaction(
        context,
        transaction,
        "stock",
        move.skuId,
      );
      levels.set(
        move.skuId,
        stock && {
          onHand: Number(stock.onHand ?? 0),
          reserved: Number(stock.reserved ?? 0),
        },
      );
    }
    const level = levels.get(move.skuId) ?? null;
    const onHand = (level?.onHand ?? 0) + move.onHandDelta;
    const reserved = (level?.reserved ?? 0) + move.reservedDelta;
    if (level === null || onHand < 0 || reserved < 0 || reserved > onHand) {
      shortages.push({
        lineNo: 0,
        skuId: move.skuId,
        requestedBase: -move.onHandDelta,
        availableBase: level === null ? 0 : level.onHand - level.reserved,
      });
      continue;
    }

    levels.set(move.skuId, { onHand, reserved });
    const net = netChanges.get(move.skuId) ?? { onHand: 0, reserved: 0 };
    netChanges.set(move.skuId, {
      onHand: net.onHand + move.onHandDelta,
      reserved: net.reserved + move.reservedDelta,
    });
  }

  if (shortages.length > 0) {
    throw new AppError(
      "INSUFFICIENT_STOCK",
      "the stock change would break the stock rules",
      shortages,
    );
  }
  return { levels, netChanges };
}

/**
 * Reads the order's reservations by id. Their ids follow the order in
 * which they were added (placement, then each change that added lines),
 * not line numbers.
 */
async function readReservations(
  context: StoreContext,
  transaction: Transaction,
  orderId: string,
  reservationCount: number,
): Promise<StoredReservation[]> {
  const reservations: StoredReservation[] = [];
  for (let index = 0; index < reservationCount; index += 1) {
    const id = reservationId(orderId, index);
    const reservation = await readInTransaction(
      context,
      transaction,
      "reservations",
      id,
    );
    if (reservation === null) continue;
    reservations.push({
      id,
      lineNo: Number(reservation.lineNo),
      state: String(reservation.state),
      baseQuantity: Number(reservation.baseQuantity),
    });
  }
  return reservations;
}

/**
 * Works out each changed line's new reserved quantity. Throws
 * ORDER_STATE_CONFLICT when a line has no active reservation or would go
 * below zero.
 */
function planReservationChanges(
  change: OrderChange,
  order: OrderRecord,
  reservations: readonly StoredReservation[],
): ReservationWrite[] {
  const changes = change.reservationChanges ?? [];
  if (changes.length === 0) return [];

  const activeByLine = new Map<number, ReservationWrite>();
  const originalQuantityById = new Map<string, number>();
  for (const reservation of reservations) {
    if (reservation.state !== "active") continue;
    activeByLine.set(reservation.lineNo, {
      id: reservation.id,
      remaining: reservation.baseQuantity,
      endState: "consumed",
    });
    originalQuantityById.set(reservation.id, reservation.baseQuantity);
  }

  const writes = new Map<number, ReservationWrite>();
  for (const item of changes) {
    const current = activeByLine.get(item.lineNo);
    const remaining = (current?.remaining ?? 0) + item.baseDelta;
    if (current === undefined || remaining < 0) {
      throw new AppError(
        "ORDER_STATE_CONFLICT",
        `line ${item.lineNo} of order ${order.orderNo} has no active reservation that can change by ${item.baseDelta}; reload the order`,
        { status: order.status },
      );
    }
    const write: ReservationWrite = {
      id: current.id,
      remaining,
      endState: item.endState ?? "consumed",
    };
    writes.set(item.lineNo, write);
    // A reservation used up by this change is no longer active, so a later
    // change of the same line finds no active reservation.
    if (remaining === 0) activeByLine.delete(item.lineNo);
    else activeByLine.set(item.lineNo, write);
  }
  // A line whose quantity ends where it started needs no write, and an
  // update that changes nothing would report 0 documents updated.
  return [...writes.values()].filter(
    (write) =>
      write.remaining === 0 ||
      write.remaining !== originalQuantityById.get(write.id),
  );
}

/**
 * Checks the lines the change adds against the free stock left after the
 * stock moves, with placement's rule, and adds what they reserve to the
 * net stock change. Throws ORDER_STATE_CONFLICT when a line number already
 * has a reservation, or INSUFFICIENT_STOCK listing every short line.
 */
async function planAddedReservations(
  context: StoreContext,
  transaction: Transaction,
  change: OrderChange,
  order: OrderRecord,
  reservations: readonly StoredReservation[],
  stock: StockPlan,
): Promise<void> {
  const added = change.addedReservations ?? [];
  if (added.length === 0) return;

  const takenLineNos = new Set(
    reservations.map((reservation) => reservation.lineNo),
  );
  for (const line of added) {
    if (takenLineNos.has(line.lineNo)) {
      throw new AppError(
        "ORDER_STATE_CONFLICT",
        `line ${line.lineNo} of order ${order.orderNo} already has a reservation; reload the order`,
        { status: order.status },
      );
    }
    takenLineNos.add(line.lineNo);
  }

  const totals = sumBySku(added);
  const levels = new Map<string, PlacementStockLevel>();
  for (const skuId of [...totals.keys()].sort()) {
    if (!stock.levels.has(skuId)) {
      const document = await readInTransaction(
        context,
        transaction,
        "stock",
        skuId,
      );
      stock.levels.set(
        skuId,
        document && {
          onHand: Number(document.onHand ?? 0),
          reserved: Number(document.reserved ?? 0),
        },
      );
    }
    const level = stock.levels.get(skuId) ?? null;
    levels.set(skuId, {
      exists: level !== null,
      onHand: level?.onHand ?? 0,
      reserved: level?.reserved ?? 0,
    });
  }
  const shortages = findShortages(added, totals, levels);
  if (shortages.length > 0) {
    throw new AppError(
      "INSUFFICIENT_STOCK",
      `stock is short for ${shortages.length} added order line(s)`,
      shortages,
    );
  }

  for (const [skuId, quantity] of totals) {
    const net = stock.netChanges.get(skuId) ?? { onHand: 0, reserved: 0 };
    stock.netChanges.set(skuId, {
      onHand: net.onHand,
      reserved: net.reserved + quantity,
    });
  }
}

/** The receivables a change saves, and their effect on credit. */
interface ReceivablePlan {
  /** The last record given for each receivable id. */
  writes: ReceivableRecord[];
  /** The order's receivable total after the change. */
  receivableFen: number;
}

/**
 * Reads the receivables the change replaces and records their effect on
 * the customers' outstanding amounts. Throws when a receivable names
 * another order, whose open amount this transaction does not update.
 */
async function planReceivables(
  context: StoreContext,
  transaction: Transaction,
  change: OrderChange,
  receivableFenBefore: number,
  credit: CreditAccountChanges,
): Promise<ReceivablePlan> {
  const lastById = new Map<string, ReceivableRecord>();
  for (const receivable of change.receivables ?? []) {
    lastById.set(receivable.receivableId, receivable);
  }

  let receivableFen = receivableFenBefore;
  for (const receivable of lastById.values()) {
    const stored = await readInTransaction(
      context,
      transaction,
      "receivables",
      receivable.receivableId,
    );
    const before = stored && toReceivable(stored);
    for (const named of [receivable, before]) {
      if (named?.orderId !== undefined && named.orderId !== change.orderId) {
        throw new Error(
          `invalid order change: receivable ${receivable.receivableId} belongs to order ${named.orderId}, not ${change.orderId}`,
        );
      }
    }
    credit.replaceReceivable(before, receivable);
    if (before?.orderId !== undefined) receivableFen -= before.amountFen;
    if (receivable.orderId !== undefined) receivableFen += receivable.amountFen;
  }
  return { writes: [...lastById.values()], receivableFen };
}

/** Returns the adapter's own fields of the stored order, so a rewrite keeps them. */
function internalFieldsOf(document: StoredDocument): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of ORDER_INTERNAL_FIELDS) {
    if (document[name] !== undefined) fields[name] = document[name];
  }
  return fields;
}

async function applyInTransaction(
  context: StoreContext,
  transaction: Transaction,
  change: OrderChange,
  overdueFen: number,
): Promise<OrderRecord> {
  const document = await readInTransaction(
    context,
    transaction,
    "orders",
    change.orderId,
  );
  if (document === null) {
    throw new AppError("NOT_FOUND", `order ${change.orderId} not found`);
  }
  const current = toRecord<OrderRecord>(document, ORDER_INTERNAL_FIELDS);
  if ((current.version ?? 0) !== change.expectedVersion) {
    throw new AppError(
      "ORDER_STATE_CONFLICT",
      `order ${current.orderNo} changed meanwhile; reload it`,
      { status: current.status },
    );
  }

  // The credit rule reads the account that this transaction writes below
  // when the order's open amount changes, so a concurrent change for the
  // same customer conflicts and re-runs against the new totals.
  let flags = change.next.flags;
  if (change.creditCheck) {
    const account = await readCreditAccount(context, transaction, current.customerId);
    flags = change.creditCheck({
      outstandingFen: account.outstandingFen,
      overdueFen,
      openOrdersFen: account.openOrdersFen,
    });
  }

  const stock = await planStockMoves(context, transaction, change);
  const reservationCount = Number(document.reservationCount ?? 0);
  const added = change.addedReservations ?? [];
  const reservations =
    (change.reservationChanges ?? []).length > 0 || added.length > 0
      ? await readReservations(
          context,
          transaction,
          change.orderId,
          reservationCount,
        )
      : [];
  const reservationWrites = planReservationChanges(
    change,
    current,
    reservations,
  );
  await planAddedReservations(
    context,
    transaction,
    change,
    current,
    reservations,
    stock,
  );
  const credit = new CreditAccountChanges();
  const receivableFenBefore = Number(document[ORDER_RECEIVABLE_FIELD] ?? 0);
  const receivables = await planReceivables(
    context,
    transaction,
    change,
    receivableFenBefore,
    credit,
  );
  credit.addOpenOrders(
    current.customerId,
    -openAmountFen(current, receivableFenBefore),
  );
  credit.addOpenOrders(
    change.next.customerId,
    openAmountFen(change.next, receivables.receivableFen),
  );

  // Every check has passed, so from here on the transaction writes.
  const _ = context.command;
  for (const [skuId, net] of stock.netChanges) {
    const update: Record<string, unknown> = {};
    if (net.onHand !== 0) update.onHand = _.inc(net.onHand);
    if (net.reserved !== 0) update.reserved = _.inc(net.reserved);
    // Moves that cancel out change nothing, and an empty update would
    // report 0 documents updated.
    if (Object.keys(update).length === 0) continue;
    const result = await context
      .inTransaction(transaction, "stock")
      .doc(skuId)
      .update(update);
    expectOneUpdated(result, `stock of ${skuId}`);
  }

  for (const write of reservationWrites) {
    // A used-up reservation keeps its last quantity, as in the SQLite adapter.
    const update =
      write.remaining === 0
        ? { state: write.endState }
        : { baseQuantity: write.remaining };
    const result = await context
      .inTransaction(transaction, "reservations")
      .doc(write.id)
      .update(update);
    expectOneUpdated(result, `reservation ${write.id}`);
  }

  await addReservationDocuments(
    context,
    transaction,
    change.orderId,
    reservationCount,
    added,
  );

  const next: OrderRecord = {
    ...change.next,
    flags,
    version: change.expectedVersion + 1,
  };
  const written = await context
    .inTransaction(transaction, "orders")
    .doc(change.orderId)
    .set({
      ...setPayload(next),
      ...internalFieldsOf(document),
      reservationCount: reservationCount + added.length,
      [ORDER_RECEIVABLE_FIELD]: receivables.receivableFen,
    });
  expectOneUpdated(written, `order ${change.orderId}`);

  for (const event of change.events) {
    await context
      .inTransaction(transaction, "audit_events")
      .add(toDocument(event.eventId, event));
  }
  for (const message of change.outbox ?? []) {
    await addOutboxInTransaction(context, transaction, message);
  }
  for (const message of change.inbox ?? []) {
    await addInboxInTransaction(context, transaction, message);
  }
  for (const receivable of receivables.writes) {
    await context
      .inTransaction(transaction, "receivables")
      .doc(receivable.receivableId)
      .set(receivablePayload(receivable));
  }
  await applyCreditAccountChanges(context, transaction, credit);
  return next;
}

/** Applies the change atomically (the file comment explains why it is safe). */
export async function applyOrderChange(
  context: StoreContext,
  change: OrderChange,
): Promise<OrderRecord> {
  if (change.next.orderId !== change.orderId) {
    return Promise.reject(
      new Error(
        `invalid order change: orderId is ${change.orderId} but next.orderId is ${change.next.orderId}`,
      ),
    );
  }
  // Overdue debt needs a query, which a transaction cannot run, so it is
  // read first, as placeOrder does (place-order.ts explains why that is safe).
  const overdueFen = change.creditCheck
    ? await getOverdueFen(context, change.next.customerId, change.next.updatedAt)
    : 0;
  return runInTransaction(context, (transaction) =>
    applyInTransaction(context, transaction, change, overdueFen),
  );
}
