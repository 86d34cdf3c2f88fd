import type Database from "better-sqlite3";

import { AppError } from "../../../shared/errors";
import type { OrderChange, StockShortage } from "../port";
import type { AuditEventRecord, CreditExposure, OrderRecord, ReceivableRecord } from "../records";
import { insertInbox, insertOutbox } from "./notifications";
import { insertReservations, reserveStock } from "./reservations";
import { prepared } from "./statements";

type Row = Record<string, unknown>;

export function insertEvent(db: Database.Database, event: AuditEventRecord): void {
  prepared(db, 
    `INSERT INTO audit_events (event_id, entity_type, entity_id, action,
       actor_id, actor_role, at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    event.eventId,
    event.entityType,
    event.entityId,
    event.action,
    event.actorId,
    event.actorRole,
    event.at,
    event.data === undefined ? null : JSON.stringify(event.data),
  );
}

export function upsertReceivable(db: Database.Database, receivable: ReceivableRecord): void {
  prepared(db, 
    `INSERT INTO receivables
       (receivable_id, customer_id, order_id, amount_fen, paid_fen, due_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (receivable_id) DO UPDATE SET amount_fen = excluded.amount_fen,
       paid_fen = excluded.paid_fen, due_at = excluded.due_at, created_at = excluded.created_at`,
  ).run(
    receivable.receivableId,
    receivable.customerId,
    receivable.orderId ?? null,
    receivable.amountFen,
    receivable.paidFen,
    receivable.dueAt,
    receivable.createdAt ?? receivable.dueAt,
  );
}

/**
 * Rewrites an order row after a change: the status and total columns,
 * which credit exposure and the report rollups read, and the JSON.
 */
export function writeOrder(db: Database.Database, order: OrderRecord): void {
  prepared(db, "UPDATE orders SET status = ?, total_fen = ?, data = ? WHERE order_id = ?").run(
    order.status,
    order.totalFen,
    JSON.stringify(order),
    order.orderId,
  );
}

/** Returns each line's values for the `order_lines` columns after order_id, in column order. */
function orderLineRows(order: OrderRecord): (string | number)[][] {
  return order.lines.map((line) => [
    line.lineNo,
    line.skuId,
    line.unit,
    line.quantity,
    line.baseQuantity,
    line.priceFen,
    line.amountFen,
  ]);
}

/** Inserts the rows of `order_lines`, the copy of an order's lines that reports join. */
export function insertOrderLines(db: Database.Database, order: OrderRecord): void {
  const insert = prepared(
    db,
    `INSERT INTO order_lines (order_id, line_no, sku_id, unit, quantity,
       base_quantity, price_fen, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const row of orderLineRows(order)) insert.run(order.orderId, ...row);
}

function applyStockMoves(db: Database.Database, change: OrderChange): void {
  const read = prepared(db, "SELECT on_hand, reserved FROM stock WHERE sku_id = ?");
  const write = prepared(db, "UPDATE stock SET on_hand = on_hand + ?, reserved = reserved + ? WHERE sku_id = ?");
  const shortages: StockShortage[] = [];
  for (const move of change.stockMoves ?? []) {
    const row = read.get(move.skuId) as Row | undefined;
    const onHand = Number(row?.on_hand ?? 0) + move.onHandDelta;
    const reserved = Number(row?.reserved ?? 0) + move.reservedDelta;
    if (!row || onHand < 0 || reserved < 0 || reserved > onHand) {
      shortages.push({
        lineNo: 0,
        skuId: move.skuId,
        requestedBase: -move.onHandDelta,
        availableBase: Number(row?.on_hand ?? 0) - Number(row?.reserved ?? 0),
      });
      continue;
    }
    write.run(move.onHandDelta, move.reservedDelta, move.skuId);
  }
  if (shortages.length > 0) {
    throw new AppError("INSUFFICIENT_STOCK", "the stock change would break the stock rules", shortages);
  }
}

function applyReservationChanges(db: Database.Database, change: OrderChange, current: OrderRecord): void {
  const read = prepared(db, 
    "SELECT base_quantity FROM reservations WHERE order_id = ? AND line_no = ? AND state = 'active'",
  );
  for (const item of change.reservationChanges ?? []) {
    const row = read.get(change.orderId, item.lineNo) as Row | undefined;
    const remaining = Number(row?.base_quantity ?? 0) + item.baseDelta;
    if (!row || remaining < 0) {
      throw new AppError("ORDER_STATE_CONFLICT", `line ${item.lineNo} has no such reservation`, {
        status: current.status,
      });
    }
    if (remaining === 0) {
      prepared(db, "UPDATE reservations SET state = ? WHERE order_id = ? AND line_no = ?").run(
        item.endState ?? "consumed",
        change.orderId,
        item.lineNo,
      );
    } else {
      prepared(db, "UPDATE reservations SET base_quantity = ? WHERE order_id = ? AND line_no = ?").run(
        remaining,
        change.orderId,
        item.lineNo,
      );
    }
  }
}

/**
 * Reserves stock for the lines the change adds and inserts their
 * reservations. Runs after the stock moves, so it reserves from what they
 * leave free.
 */
function addReservations(db: Database.Database, change: OrderChange, current: OrderRecord): void {
  const added = change.addedReservations ?? [];
  if (added.length === 0) return;
  const existing = prepared(db, "SELECT 1 FROM reservations WHERE order_id = ? AND line_no = ?");
  const lineNos = new Set<number>();
  for (const line of added) {
    if (lineNos.has(line.lineNo) || existing.get(change.orderId, line.lineNo) !== undefined) {
      throw new AppError(
        "ORDER_STATE_CONFLICT",
        `line ${line.lineNo} of order ${current.orderNo} already has a reservation; reload the order`,
        { status: current.status },
      );
    }
    lineNos.add(line.lineNo);
  }
  reserveStock(db, added);
  insertReservations(db, change.orderId, added);
}

/** True when the columns `order_lines` copies differ between the two orders. */
function orderLinesDiffer(before: OrderRecord, after: OrderRecord): boolean {
  return JSON.stringify(orderLineRows(before)) !== JSON.stringify(orderLineRows(after));
}

/** Reads a customer's credit exposure at an instant, inside the caller's transaction. */
export type ExposureReader = (customerId: string, at: number) => CreditExposure;

/** Applies an OrderChange. The caller runs it inside BEGIN IMMEDIATE. */
export function applyOrderChange(
  db: Database.Database,
  change: OrderChange,
  readExposure: ExposureReader,
): OrderRecord {
  const row = prepared(db, "SELECT data FROM orders WHERE order_id = ?").get(change.orderId) as Row | undefined;
  if (!row) throw new AppError("NOT_FOUND", `order ${change.orderId} not found`);
  const current = JSON.parse(String(row.data)) as OrderRecord;
  if ((current.version ?? 0) !== change.expectedVersion) {
    throw new AppError("ORDER_STATE_CONFLICT", `order ${current.orderNo} changed meanwhile; reload it`, {
      status: current.status,
    });
  }

  const flags = change.creditCheck
    ? change.creditCheck(readExposure(current.customerId, change.next.updatedAt))
    : change.next.flags;
  applyStockMoves(db, change);
  applyReservationChanges(db, change, current);
  addReservations(db, change, current);
  const next: OrderRecord = { ...change.next, flags, version: change.expectedVersion + 1 };
  writeOrder(db, next);
  if (orderLinesDiffer(current, next)) {
    prepared(db, "DELETE FROM order_lines WHERE order_id = ?").run(next.orderId);
    insertOrderLines(db, next);
  }
  for (const event of change.events) insertEvent(db, event);
  for (const message of change.outbox ?? []) insertOutbox(db, message);
  for (const message of change.inbox ?? []) insertInbox(db, message);
  for (const receivable of change.receivables ?? []) upsertReceivable(db, receivable);
  return next;
}
