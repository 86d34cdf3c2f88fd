import type Database from "better-sqlite3";

/**
 * Store invariants, checked with SQL on the SQLite file behind the local
 * server. Each check returns human-readable violations (empty when the
 * store is consistent), at most `MAX_REPORTED` per check.
 */

/** Statuses that hold reserved stock, as the product rules define them. */
export const RESERVING = ["pending_review", "approved", "picked", "partially_shipped"] as const;
/** Statuses whose reservations must all be released. */
export const RELEASING = ["cancelled", "rejected"] as const;

const MAX_REPORTED = 20;

const reservingList = RESERVING.map((status) => `'${status}'`).join(", ");
const releasingList = RELEASING.map((status) => `'${status}'`).join(", ");

type Row = Record<string, unknown>;

function report(label: string, rows: Row[]): string[] {
  return rows.slice(0, MAX_REPORTED).map((row) => `${label}: ${JSON.stringify(row)}`);
}

/**
 * Checks stock and reservations. Nothing is negative, on-hand = available
 * + reserved with available >= 0, stock.reserved equals the sum of active
 * reservations per SKU, and every reservation has an order line, except
 * the released reservation of a line that an amendment removed. Per
 * order line, a reserving order reserves exactly the unshipped quantity,
 * and a shipped part is consumed. Cancelled and rejected orders hold no
 * active reservation, and shipped orders have consumed every line.
 */
export function stockViolations(db: Database.Database): string[] {
  const violations: string[] = [];
  violations.push(
    ...report(
      "stock is negative or over-reserved",
      db
        .prepare(
          `SELECT sku_id, on_hand, reserved, on_hand - reserved AS available FROM stock
           WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand`,
        )
        .all() as Row[],
    ),
  );

  violations.push(
    ...report(
      "stock.reserved differs from the sum of active reservations",
      db
        .prepare(
          `SELECT s.sku_id, s.reserved, COALESCE(r.active, 0) AS active_sum FROM stock s
           LEFT JOIN (SELECT sku_id, SUM(base_quantity) AS active FROM reservations
                      WHERE state = 'active' GROUP BY sku_id) r ON r.sku_id = s.sku_id
           WHERE s.reserved != COALESCE(r.active, 0)`,
        )
        .all() as Row[],
    ),
  );

  violations.push(
    ...report(
      "active reservations for a SKU without a stock row",
      db
        .prepare(
          `SELECT r.order_id, r.sku_id FROM reservations r
           LEFT JOIN stock s ON s.sku_id = r.sku_id
           WHERE r.state = 'active' AND s.sku_id IS NULL`,
        )
        .all() as Row[],
    ),
  );

  violations.push(
    ...report(
      "orphaned active reservation (no order, or the order no longer reserves)",
      db
        .prepare(
          `SELECT r.order_id, r.line_no, r.sku_id, r.base_quantity, o.status FROM reservations r
           LEFT JOIN orders o ON o.order_id = r.order_id
           WHERE r.state = 'active' AND (o.order_id IS NULL OR o.status NOT IN (${reservingList}))`,
        )
        .all() as Row[],
    ),
  );

  // An amendment that removes a line keeps the line's reservation as
  // released, so the line number is never given to another line.
  violations.push(
    ...report(
      "reservation without a matching order line",
      db
        .prepare(
          `SELECT r.order_id, r.line_no, r.sku_id, r.state FROM reservations r
           LEFT JOIN order_lines l ON l.order_id = r.order_id AND l.line_no = r.line_no
           WHERE l.order_id IS NULL AND NOT (r.state = 'released' AND EXISTS (
             SELECT 1 FROM audit_events e WHERE e.entity_type = 'order' AND e.entity_id = r.order_id
               AND e.action = 'order.amended'))`,
        )
        .all() as Row[],
    ),
  );
  // Base units of each order line not yet shipped (shipments live in the order record).
  const unshipped = `
    WITH shipped AS (
      SELECT o.order_id AS order_id, CAST(json_extract(line.value, '$.lineNo') AS INTEGER) AS line_no,
             SUM(json_extract(line.value, '$.baseQuantity')) AS base
      FROM orders o, json_each(o.data, '$.shipments') shipment, json_each(shipment.value, '$.lines') line
      GROUP BY o.order_id, line_no
    )
    SELECT o.order_id, o.status, l.line_no, l.sku_id,
           l.base_quantity - COALESCE(sh.base, 0) AS unshipped,
           r.sku_id AS reserved_sku, r.base_quantity AS reserved_base, r.state
    FROM orders o JOIN order_lines l ON l.order_id = o.order_id
    LEFT JOIN shipped sh ON sh.order_id = l.order_id AND sh.line_no = l.line_no
    LEFT JOIN reservations r ON r.order_id = l.order_id AND r.line_no = l.line_no
    WHERE json_extract(o.data, '$.channel') IS NOT 'import'`;
  violations.push(
    ...report(
      "line of a reserving order whose unshipped quantity is not exactly reserved",
      db
        .prepare(
          `SELECT * FROM (${unshipped}) WHERE status IN (${reservingList}) AND (
             unshipped < 0
             OR (unshipped > 0 AND (state IS NOT 'active' OR reserved_sku != sku_id OR reserved_base != unshipped))
             OR (unshipped = 0 AND state IS NOT 'consumed'))`,
        )
        .all() as Row[],
    ),
  );

  violations.push(
    ...report(
      "line of a cancelled or rejected order whose reservation is not released (or consumed by shipping)",
      db
        .prepare(
          `SELECT * FROM (${unshipped}) WHERE status IN (${releasingList}) AND (
             state IS NULL OR state = 'active'
             OR (state = 'released' AND unshipped = 0)
             OR (state = 'consumed' AND unshipped != 0))`,
        )
        .all() as Row[],
    ),
  );

  violations.push(
    ...report(
      "line of a shipped order that is not fully shipped and consumed",
      db
        .prepare(
          `SELECT * FROM (${unshipped}) WHERE status IN ('shipped', 'delivered', 'completed')
             AND (unshipped != 0 OR state IS NOT 'consumed')`,
        )
        .all() as Row[],
    ),
  );
  return violations;
}

/**
 * Checks that each order's columns, its JSON record and its order_lines
 * rows agree on the status, the total and every line's SKU, unit and
 * quantities. The total must also be the sum of the line amounts.
 */
export function orderRecordViolations(db: Database.Database): string[] {
  const violations: string[] = [];
  violations.push(
    ...report(
      "order columns differ from the stored record",
      db
        .prepare(
          `SELECT order_id, status, json_extract(data, '$.status') AS record_status,
                  total_fen, json_extract(data, '$.totalFen') AS record_total
           FROM orders
           WHERE status IS NOT json_extract(data, '$.status')
              OR total_fen IS NOT json_extract(data, '$.totalFen')
              OR order_id IS NOT json_extract(data, '$.orderId')`,
        )
        .all() as Row[],
    ),
  );

  violations.push(
    ...report(
      "order total differs from the sum of its line amounts",
      db
        .prepare(
          `SELECT o.order_id, o.total_fen, SUM(l.amount_fen) AS line_sum FROM orders o
           JOIN order_lines l ON l.order_id = o.order_id
           GROUP BY o.order_id HAVING o.total_fen != SUM(l.amount_fen)`,
        )
        .all() as Row[],
    ),
  );

  violations.push(
    ...report(
      "order line row differs from the stored record",
      db
        .prepare(
          `SELECT o.order_id, CAST(j.key AS INTEGER) AS line_index, l.line_no FROM orders o
           JOIN json_each(o.data, '$.lines') j
           LEFT JOIN order_lines l ON l.order_id = o.order_id
             AND l.line_no = json_extract(j.value, '$.lineNo')
           WHERE l.order_id IS NULL
              OR l.sku_id IS NOT json_extract(j.value, '$.skuId')
              OR l.unit IS NOT json_extract(j.value, '$.unit')
              OR l.quantity IS NOT json_extract(j.value, '$.quantity')
              OR l.base_quantity IS NOT json_extract(j.value, '$.baseQuantity')
              OR l.price_fen IS NOT json_extract(j.value, '$.priceFen')
              OR l.amount_fen IS NOT json_extract(j.value, '$.amountFen')`,
        )
        .all() as Row[],
    ),
  );

  violations.push(
    ...report(
      "order has more line rows than its record has lines",
      db
        .prepare(
          `SELECT o.order_id, json_array_length(o.data, '$.lines') AS record_lines,
                  COUNT(l.line_no) AS line_rows
           FROM orders o LEFT JOIN order_lines l ON l.order_id = o.order_id
           GROUP BY o.order_id HAVING record_lines != line_rows`,
        )
        .all() as Row[],
    ),
  );
  return violations;
}

interface EventRow {
  entity_id: string;
  action: string;
  data: string | null;
}

/**
 * Checks each order's audit trail: it starts with the one "order.placed"
 * event, and each event that records a status change (data.from and
 * data.to) starts where the previous one ended. Events without from/to
 * (picking, shipping) leave the status unknown until the next change, and
 * a known final status must be the order's current one.
 */
export function auditTrailViolations(db: Database.Database): string[] {
  const statusById = new Map(
    (db.prepare("SELECT order_id, status FROM orders").all() as Row[]).map((row) => [
      String(row.order_id),
      String(row.status),
    ]),
  );
  const events = db
    .prepare(
      `SELECT entity_id, action, data FROM audit_events WHERE entity_type = 'order'
       ORDER BY entity_id, at, rowid`,
    )
    .all() as EventRow[];
  const trails = new Map<string, EventRow[]>();
  for (const event of events) {
    const trail = trails.get(event.entity_id) ?? [];
    trail.push(event);
    trails.set(event.entity_id, trail);
  }

  const violations: string[] = [];
  for (const [orderId, status] of statusById) {
    if (violations.length >= MAX_REPORTED) break;
    const trail = trails.get(orderId) ?? [];
    if (trail.length === 0) continue; // Imported history has no trail.
    if (trail[0].action !== "order.placed") {
      violations.push(`order ${orderId}: trail starts with ${trail[0].action}`);
      continue;
    }
    let current: string | null = "pending_review";
    for (const event of trail.slice(1)) {
      const data = event.data ? (JSON.parse(event.data) as { from?: unknown; to?: unknown }) : {};
      if (event.action === "order.placed") {
        violations.push(`order ${orderId}: placed twice`);
      } else if (typeof data.from !== "string" || typeof data.to !== "string") {
        current = null;
      } else {
        if (current !== null && data.from !== current) {
          violations.push(`order ${orderId}: ${event.action} records from=${data.from} but the order was ${current}`);
        }
        current = data.to;
      }
    }
    if (current !== null && current !== status) {
      violations.push(`order ${orderId}: trail ends at ${current} but the order is ${status}`);
    }
  }
  return violations;
}

/** Runs every check. */
export function allViolations(db: Database.Database): string[] {
  return [...stockViolations(db), ...orderRecordViolations(db), ...auditTrailViolations(db)];
}
