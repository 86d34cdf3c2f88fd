/**
 * Report rollups on SQLite: per-day and per-month sums of orders kept by
 * triggers on `orders`, so the dashboard reads a few rows whatever the
 * length of the history. Every write to `orders` (placement, transition,
 * order change, import) runs the triggers in its own transaction, so a
 * rollup never disagrees with a committed order.
 *
 * Cancelled and rejected orders are not counted. A status change into one
 * of them takes the order out of its buckets, and a change of `total_fen`,
 * `created_at` or `customer_id` moves it. Days and months are China time
 * (UTC+8, no daylight saving), computed from `created_at` in ms, so the
 * process time zone never matters.
 */
import type Database from "better-sqlite3";

/** Bump when the tables or triggers change: the next open rebuilds them from `orders`. */
export const REPORT_ROLLUP_VERSION = 1;

/** SQL for "this order is counted in reports". */
const COUNTED = (row: string) =>
  `${row}.status NOT IN ('cancelled', 'rejected')`;
/** China-time day number (days since 1970-01-01 in UTC+8) of an order row. */
const DAY = (row: string) => `(${row}.created_at + 28800000) / 86400000`;
/** China-time month of an order row as the integer YYYYMM. */
const MONTH = (row: string) =>
  `CAST(strftime('%Y%m', (${row}.created_at + 28800000) / 1000, 'unixepoch') AS INTEGER)`;
/** The region group of a customer id, or '' when the customer is unknown. */
const REGION_OF = (customerId: string) =>
  `COALESCE((SELECT json_extract(data, '$.regionGroup') FROM customers WHERE customer_id = ${customerId}), '')`;

const ADD =
  "orders = orders + excluded.orders, amount_fen = amount_fen + excluded.amount_fen";

const TABLES_SQL = `
CREATE TABLE report_day (
  china_day INTEGER PRIMARY KEY,
  orders INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL
);
CREATE TABLE report_day_customer (
  customer_id TEXT NOT NULL,
  china_day INTEGER NOT NULL,
  orders INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL,
  PRIMARY KEY (customer_id, china_day)
) WITHOUT ROWID;
CREATE INDEX report_day_customer_by_day
  ON report_day_customer (china_day, customer_id, orders, amount_fen);
CREATE TABLE report_month_customer (
  month INTEGER NOT NULL,
  customer_id TEXT NOT NULL,
  orders INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL,
  PRIMARY KEY (month, customer_id)
) WITHOUT ROWID;
CREATE INDEX report_month_customer_top
  ON report_month_customer (month, amount_fen DESC, customer_id, orders);
CREATE INDEX report_month_customer_by_customer
  ON report_month_customer (customer_id, month, amount_fen);
CREATE TABLE report_month_region (
  month INTEGER NOT NULL,
  region_group TEXT NOT NULL,
  orders INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL,
  PRIMARY KEY (month, region_group)
) WITHOUT ROWID;
CREATE TABLE report_status (
  status TEXT PRIMARY KEY,
  orders INTEGER NOT NULL
) WITHOUT ROWID;
`;

const ROLLUP_TABLES = [
  "report_day",
  "report_day_customer",
  "report_month_customer",
  "report_month_region",
  "report_status",
];

const TRIGGERS = [
  "report_order_insert",
  "report_order_update",
  "report_order_delete",
  "report_customer_insert",
  "report_customer_update",
];

/** Statements adding `sign` times the order `row` to every rollup. */
function applyOrder(row: "NEW" | "OLD", sign: 1 | -1): string {
  const orders = String(sign);
  const amount = `${sign} * ${row}.total_fen`;
  const counted = COUNTED(row);
  return `
  INSERT INTO report_status (status, orders) VALUES (${row}.status, ${orders})
    ON CONFLICT (status) DO UPDATE SET orders = orders + excluded.orders;
  INSERT INTO report_day (china_day, orders, amount_fen)
    SELECT ${DAY(row)}, ${orders}, ${amount} WHERE ${counted}
    ON CONFLICT (china_day) DO UPDATE SET ${ADD};
  INSERT INTO report_day_customer (customer_id, china_day, orders, amount_fen)
    SELECT ${row}.customer_id, ${DAY(row)}, ${orders}, ${amount} WHERE ${counted}
    ON CONFLICT (customer_id, china_day) DO UPDATE SET ${ADD};
  INSERT INTO report_month_customer (month, customer_id, orders, amount_fen)
    SELECT ${MONTH(row)}, ${row}.customer_id, ${orders}, ${amount} WHERE ${counted}
    ON CONFLICT (month, customer_id) DO UPDATE SET ${ADD};
  INSERT INTO report_month_region (month, region_group, orders, amount_fen)
    SELECT ${MONTH(row)}, ${REGION_OF(`${row}.customer_id`)}, ${orders}, ${amount} WHERE ${counted}
    ON CONFLICT (month, region_group) DO UPDATE SET ${ADD};`;
}

/** Statements moving a customer's monthly sums from region `from` to region `to`. */
function moveRegion(customerId: string, from: string, to: string): string {
  return `
  INSERT INTO report_month_region (month, region_group, orders, amount_fen)
    SELECT month, ${from}, -orders, -amount_fen FROM report_month_customer
    WHERE customer_id = ${customerId}
    ON CONFLICT (month, region_group) DO UPDATE SET ${ADD};
  INSERT INTO report_month_region (month, region_group, orders, amount_fen)
    SELECT month, ${to}, orders, amount_fen FROM report_month_customer
    WHERE customer_id = ${customerId}
    ON CONFLICT (month, region_group) DO UPDATE SET ${ADD};`;
}

const NEW_REGION = "COALESCE(json_extract(NEW.data, '$.regionGroup'), '')";
const OLD_REGION = "COALESCE(json_extract(OLD.data, '$.regionGroup'), '')";

const TRIGGERS_SQL = `
CREATE TRIGGER report_order_insert AFTER INSERT ON orders
BEGIN ${applyOrder("NEW", 1)}
END;
CREATE TRIGGER report_order_update
AFTER UPDATE OF status, total_fen, created_at, customer_id ON orders
WHEN OLD.status IS NOT NEW.status OR OLD.total_fen IS NOT NEW.total_fen
  OR OLD.created_at IS NOT NEW.created_at OR OLD.customer_id IS NOT NEW.customer_id
BEGIN ${applyOrder("OLD", -1)} ${applyOrder("NEW", 1)}
END;
CREATE TRIGGER report_order_delete AFTER DELETE ON orders
BEGIN ${applyOrder("OLD", -1)}
END;
-- Orders of a customer saved after them were filed under region ''.
CREATE TRIGGER report_customer_insert AFTER INSERT ON customers
WHEN ${NEW_REGION} <> ''
BEGIN ${moveRegion("NEW.customer_id", "''", NEW_REGION)}
END;
-- Region totals follow the customer's current region group, like the report filters.
CREATE TRIGGER report_customer_update AFTER UPDATE OF data ON customers
WHEN ${OLD_REGION} IS NOT ${NEW_REGION}
BEGIN ${moveRegion("NEW.customer_id", OLD_REGION, NEW_REGION)}
END;
`;

const BACKFILL_SQL = `
INSERT INTO report_status (status, orders)
  SELECT status, COUNT(*) FROM orders GROUP BY status;
INSERT INTO report_day (china_day, orders, amount_fen)
  SELECT ${DAY("o")}, COUNT(*), SUM(o.total_fen) FROM orders o
  WHERE ${COUNTED("o")} GROUP BY 1;
INSERT INTO report_day_customer (customer_id, china_day, orders, amount_fen)
  SELECT o.customer_id, ${DAY("o")}, COUNT(*), SUM(o.total_fen) FROM orders o
  WHERE ${COUNTED("o")} GROUP BY 1, 2;
INSERT INTO report_month_customer (month, customer_id, orders, amount_fen)
  SELECT ${MONTH("o")}, o.customer_id, COUNT(*), SUM(o.total_fen) FROM orders o
  WHERE ${COUNTED("o")} GROUP BY 1, 2;
INSERT INTO report_month_region (month, region_group, orders, amount_fen)
  SELECT m.month, COALESCE(json_extract(c.data, '$.regionGroup'), ''),
    SUM(m.orders), SUM(m.amount_fen)
  FROM report_month_customer m LEFT JOIN customers c ON c.customer_id = m.customer_id
  GROUP BY 1, 2;
`;

function installedVersion(db: Database.Database): number | null {
  const row = db
    .prepare("SELECT version FROM report_rollup_state WHERE id = 1")
    .get() as { version: number } | undefined;
  return row ? row.version : null;
}

/**
 * Creates the rollup tables and triggers and fills them from the orders
 * already stored, unless this version is installed. Runs under BEGIN
 * IMMEDIATE, so an order written by another process lands either before
 * the backfill (and is counted by it) or after the triggers exist.
 */
export function installReportRollups(db: Database.Database): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS report_rollup_state (
       id INTEGER PRIMARY KEY CHECK (id = 1),
       version INTEGER NOT NULL
     )`,
  );
  if (installedVersion(db) === REPORT_ROLLUP_VERSION) return;

  const install = db.transaction(() => {
    if (installedVersion(db) === REPORT_ROLLUP_VERSION) return;
    for (const trigger of TRIGGERS)
      db.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
    for (const table of ROLLUP_TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
    db.exec(TABLES_SQL);
    db.exec(BACKFILL_SQL);
    db.exec(TRIGGERS_SQL);
    db.prepare(
      `INSERT INTO report_rollup_state (id, version) VALUES (1, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version`,
    ).run(REPORT_ROLLUP_VERSION);
  });
  install.immediate();
}

/** Rebuilds every rollup from `orders`; tests use it to compare with what the triggers kept. */
export function recomputeReportRollups(db: Database.Database): void {
  db.transaction(() => {
    for (const table of ROLLUP_TABLES) db.exec(`DELETE FROM ${table}`);
    db.exec(BACKFILL_SQL);
  }).immediate();
}
