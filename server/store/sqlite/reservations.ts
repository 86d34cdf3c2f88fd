import type Database from "better-sqlite3";

import { AppError } from "../../../shared/errors";
import type { ReservationRequest, StockShortage } from "../port";
import { prepared } from "./statements";

type Row = Record<string, unknown>;

/**
 * Reserves every line's base quantity from its SKU's free stock, or throws
 * INSUFFICIENT_STOCK with a StockShortage per short line before writing
 * anything. Lines of one SKU are checked by their sum. The caller runs
 * this inside a write transaction.
 */
export function reserveStock(
  db: Database.Database,
  lines: readonly ReservationRequest[],
): void {
  const needBySku = new Map<string, number>();
  for (const line of lines) {
    needBySku.set(
      line.skuId,
      (needBySku.get(line.skuId) ?? 0) + line.baseQuantity,
    );
  }
  const placeholders = new Array(needBySku.size).fill("?").join(", ");
  const rows = prepared(
    db,
    `SELECT sku_id, on_hand - reserved AS available FROM stock WHERE sku_id IN (${placeholders})`,
  ).all(...needBySku.keys()) as Row[];
  const availableBySku = new Map(
    rows.map((row) => [String(row.sku_id), Number(row.available)]),
  );

  const shortages: StockShortage[] = [];
  for (const line of lines) {
    const available = availableBySku.get(line.skuId) ?? 0;
    if ((needBySku.get(line.skuId) ?? 0) > available) {
      shortages.push({
        lineNo: line.lineNo,
        skuId: line.skuId,
        requestedBase: line.baseQuantity,
        availableBase: available,
      });
    }
  }
  if (shortages.length > 0) {
    throw new AppError(
      "INSUFFICIENT_STOCK",
      "not enough stock for some lines",
      shortages,
    );
  }

  const reserve = prepared(
    db,
    "UPDATE stock SET reserved = reserved + ? WHERE sku_id = ?",
  );
  for (const [skuId, quantity] of needBySku) reserve.run(quantity, skuId);
}

/** Inserts an active reservation for each line of an order. */
export function insertReservations(
  db: Database.Database,
  orderId: string,
  lines: readonly ReservationRequest[],
): void {
  const insert = prepared(
    db,
    `INSERT INTO reservations (order_id, line_no, sku_id, base_quantity, state)
     VALUES (?, ?, ?, ?, 'active')`,
  );
  for (const line of lines)
    insert.run(orderId, line.lineNo, line.skuId, line.baseQuantity);
}
