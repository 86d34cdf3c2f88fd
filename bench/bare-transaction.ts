import { randomUUID } from "node:crypto";

import Database from "better-sqlite3";

import type { OrderLine } from "../shared/schemas/order";
import { DEMO_CUSTOMERS } from "../server/demo/seed";
import type { OrderRecord } from "../server/store/records";
import { SCHEMA_SQL } from "../server/store/sqlite/schema";
import {
  PLACEMENT_CUSTOMER_ID,
  PLACEMENT_USER_ID,
  PLENTY_BASE_UNITS,
  placementLines,
} from "./fixtures";

export interface BareTransaction {
  /** Writes one 3-line order in its own BEGIN IMMEDIATE transaction. */
  placeOne(): void;
  readonly db: Database.Database;
  close(): void;
}

/** The parts of an order record that are the same for every bare order. */
type OrderTemplate = Pick<
  OrderRecord,
  "customerId" | "customerName" | "address" | "lines" | "totalFen"
>;

/** Builds the order content once, shaped like the service's record for the placement customer. */
function buildOrderTemplate(): OrderTemplate {
  const customer = DEMO_CUSTOMERS.find(
    (candidate) => candidate.customerId === PLACEMENT_CUSTOMER_ID,
  );
  if (!customer)
    throw new Error(
      `demo customer ${PLACEMENT_CUSTOMER_ID} not found in DEMO_CUSTOMERS`,
    );
  const { isDefault: _isDefault, ...address } = customer.addresses[0];
  const lines: OrderLine[] = placementLines().map((line, index) => ({
    lineNo: index + 1,
    skuId: line.skuId,
    name: line.skuId,
    specs: { 规格: "bench" },
    unit: line.unit,
    factor: 1,
    quantity: line.quantity,
    baseUnit: line.unit,
    baseQuantity: line.quantity,
    priceFen: 150,
    listPriceFen: 150,
    priceSource: "list",
    amountFen: 150 * line.quantity,
  }));
  return {
    customerId: customer.customerId,
    customerName: customer.name,
    address,
    lines,
    totalFen: lines.reduce((sum, line) => sum + line.amountFen, 0),
  };
}

/**
 * Opens `file` with the product's schema and pragmas and returns the
 * ceiling that benchmark 1 compares against: one better-sqlite3
 * transaction per order with statements prepared once, writing what
 * SqliteStore.placeOrder writes (guarded stock updates, order-number
 * counter, order row with its JSON record, order lines, reservations, one
 * audit event) and nothing else.
 */
export function openBareTransaction(file: string): BareTransaction {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  db.exec(SCHEMA_SQL);

  const template = buildOrderTemplate();
  const addStock = db.prepare(
    "INSERT INTO stock (sku_id, on_hand, reserved) VALUES (?, ?, 0)",
  );
  for (const line of template.lines)
    addStock.run(line.skuId, PLENTY_BASE_UNITS);

  const reserve = db.prepare(
    "UPDATE stock SET reserved = reserved + ? WHERE sku_id = ? AND on_hand - reserved >= ?",
  );
  const nextNo = db.prepare(
    `INSERT INTO counters (name, value) VALUES (?, 1)
     ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
  );
  const insertOrder = db.prepare(
    `INSERT INTO orders (order_id, order_no, customer_id, status, placed_by,
       request_id, request_hash, total_fen, created_at, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLine = db.prepare(
    `INSERT INTO order_lines (order_id, line_no, sku_id, unit, quantity,
       base_quantity, price_fen, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertReservation = db.prepare(
    `INSERT INTO reservations (order_id, line_no, sku_id, base_quantity, state)
     VALUES (?, ?, ?, ?, 'active')`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO audit_events (event_id, entity_type, entity_id, action,
       actor_id, actor_role, at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const placeOne = db.transaction((serial: number) => {
    for (const line of template.lines) {
      if (
        reserve.run(line.baseQuantity, line.skuId, line.baseQuantity)
          .changes !== 1
      ) {
        throw new Error(
          `bare transaction failed: not enough stock of ${line.skuId}`,
        );
      }
    }
    const { value } = nextNo.get("orderNo:bare") as { value: number };
    const now = Date.now();
    const order: OrderRecord = {
      ...template,
      orderId: `ord_${randomUUID().replace(/-/g, "")}`,
      orderNo: `SO-BARE-${value}`,
      status: "pending_review",
      channel: "customer",
      placedBy: PLACEMENT_USER_ID,
      flags: [],
      paymentStatus: "unpaid",
      createdAt: now,
      updatedAt: now,
      requestId: `bare-${serial}`,
      requestHash: "0".repeat(64),
    };

    insertOrder.run(
      order.orderId,
      order.orderNo,
      order.customerId,
      order.status,
      order.placedBy,
      order.requestId,
      order.requestHash,
      order.totalFen,
      order.createdAt,
      JSON.stringify(order),
    );
    for (const line of order.lines) {
      insertLine.run(
        order.orderId,
        line.lineNo,
        line.skuId,
        line.unit,
        line.quantity,
        line.baseQuantity,
        line.priceFen,
        line.amountFen,
      );
      insertReservation.run(
        order.orderId,
        line.lineNo,
        line.skuId,
        line.baseQuantity,
      );
    }
    insertEvent.run(
      `evt_${randomUUID().replace(/-/g, "")}`,
      "order",
      order.orderId,
      "order.placed",
      order.placedBy,
      "customer",
      order.createdAt,
      JSON.stringify({
        channel: order.channel,
        totalFen: order.totalFen,
        flags: [],
      }),
    );
  });

  let serial = 0;
  return {
    placeOne() {
      serial += 1;
      placeOne.immediate(serial);
    },
    db,
    close: () => db.close(),
  };
}
