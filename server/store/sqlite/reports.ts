/**
 * The ReportStore on SQLite. The dashboard and the reports without a
 * category read the rollup tables that report-rollups.ts keeps. The
 * product ranking and category trends aggregate order lines directly,
 * through the orders_by_created index.
 */
import type Database from "better-sqlite3";

import type { OrderStatus } from "../../../shared/order-status";
import type {
  CustomerFrequencyRow,
  CustomerTotals,
  DayTotals,
  DormantCustomerRow,
  MonthTotals,
  OrderTotals,
  ProductRankingRow,
  RankingMeasure,
} from "../../../shared/schemas/reports";
import {
  dateOfDayNumber,
  dayNumber,
  instantsOfDates,
  monthDates,
  monthNumber,
  monthOfNumber,
} from "../../reporting/calendar";
import type {
  CustomerScope,
  DateRange,
  DormantKey,
  FrequencyKey,
  RankingKey,
  RegionSum,
  ReportStore,
} from "../../reporting/port";

type Row = Record<string, unknown>;

const COUNTED = "o.status NOT IN ('cancelled', 'rejected')";
const ORDER_MONTH =
  "CAST(strftime('%Y%m', (o.created_at + 28800000) / 1000, 'unixepoch') AS INTEGER)";
const REGION = "COALESCE(json_extract(c.data, '$.regionGroup'), '')";

/** WHERE terms and parameters selecting customers `c` in a scope. */
function scopeTerms(scope: CustomerScope): {
  terms: string[];
  params: unknown[];
} {
  const terms: string[] = [];
  const params: unknown[] = [];
  if (scope.regionGroup !== undefined) {
    terms.push(`${REGION} = ?`);
    params.push(scope.regionGroup);
  }
  if (scope.salespersonId !== undefined) {
    terms.push("c.salesperson_id = ?");
    params.push(scope.salespersonId);
  }
  return { terms, params };
}

function hasScope(scope: CustomerScope): boolean {
  return scope.regionGroup !== undefined || scope.salespersonId !== undefined;
}

function where(terms: readonly string[]): string {
  return terms.length > 0 ? `WHERE ${terms.join(" AND ")}` : "";
}

function totalsOf(row: Row | undefined): OrderTotals {
  return {
    orders: Number(row?.orders ?? 0),
    amountFen: Number(row?.amount_fen ?? 0),
  };
}

export class SqliteReportStore implements ReportStore {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** Prepares each distinct SQL text once; the reports reuse a handful of shapes. */
  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private all(sql: string, params: readonly unknown[]): Row[] {
    return this.statement(sql).all(...params) as Row[];
  }

  /**
   * Returns the month number when the range is the start of one month up
   * to a day after which that month has no orders yet, so the month
   * rollups give the same sums as the day rollups.
   */
  private wholeMonthOf(range: DateRange): number | null {
    const month = range.from.slice(0, 7);
    if (!range.from.endsWith("-01") || range.to.slice(0, 7) !== month)
      return null;
    const last = dayNumber(monthDates(month).to);
    const later = this.statement(
      "SELECT 1 FROM report_day WHERE china_day > ? AND china_day <= ? AND orders > 0 LIMIT 1",
    ).get(dayNumber(range.to), last);
    return later ? null : monthNumber(month);
  }

  async dayTotals(dates: readonly string[]): Promise<DayTotals[]> {
    const read = this.statement(
      "SELECT orders, amount_fen FROM report_day WHERE china_day = ?",
    );
    return dates.map((date) => ({
      date,
      ...totalsOf(read.get(dayNumber(date)) as Row | undefined),
    }));
  }

  async periodTotals(range: DateRange): Promise<OrderTotals> {
    const month = this.wholeMonthOf(range);
    const row =
      month !== null
        ? this.statement(
            "SELECT SUM(orders) AS orders, SUM(amount_fen) AS amount_fen FROM report_month_region WHERE month = ?",
          ).get(month)
        : this.statement(
            `SELECT SUM(orders) AS orders, SUM(amount_fen) AS amount_fen FROM report_day
             WHERE china_day BETWEEN ? AND ?`,
          ).get(dayNumber(range.from), dayNumber(range.to));
    return totalsOf(row as Row | undefined);
  }

  async topCustomers(
    range: DateRange,
    limit: number,
  ): Promise<CustomerTotals[]> {
    const month = this.wholeMonthOf(range);
    const rows =
      month !== null
        ? this.all(
            `SELECT m.customer_id, m.orders, m.amount_fen, json_extract(c.data, '$.name') AS name
             FROM report_month_customer m LEFT JOIN customers c ON c.customer_id = m.customer_id
             WHERE m.month = ? AND m.orders > 0
             ORDER BY m.amount_fen DESC, m.customer_id ASC LIMIT ?`,
            [month, limit],
          )
        : this.all(
            `SELECT t.customer_id, t.orders, t.amount_fen, json_extract(c.data, '$.name') AS name
             FROM (SELECT customer_id, SUM(orders) AS orders, SUM(amount_fen) AS amount_fen
                   FROM report_day_customer WHERE china_day BETWEEN ? AND ?
                   GROUP BY customer_id HAVING SUM(orders) > 0
                   ORDER BY amount_fen DESC, customer_id ASC LIMIT ?) t
             LEFT JOIN customers c ON c.customer_id = t.customer_id
             ORDER BY t.amount_fen DESC, t.customer_id ASC`,
            [dayNumber(range.from), dayNumber(range.to), limit],
          );
    return rows.map((row) => ({
      customerId: String(row.customer_id),
      name: row.name === null ? String(row.customer_id) : String(row.name),
      ...totalsOf(row),
    }));
  }

  async regionTotals(range: DateRange): Promise<RegionSum[]> {
    const month = this.wholeMonthOf(range);
    const rows =
      month !== null
        ? this.all(
            `SELECT region_group, orders, amount_fen FROM report_month_region
             WHERE month = ? AND orders > 0`,
            [month],
          )
        : this.all(
            `SELECT ${REGION} AS region_group, SUM(d.orders) AS orders, SUM(d.amount_fen) AS amount_fen
             FROM report_day_customer d LEFT JOIN customers c ON c.customer_id = d.customer_id
             WHERE d.china_day BETWEEN ? AND ?
             GROUP BY 1 HAVING SUM(d.orders) > 0`,
            [dayNumber(range.from), dayNumber(range.to)],
          );
    return rows.map((row) => ({
      regionGroup: String(row.region_group),
      ...totalsOf(row),
    }));
  }

  async statusCounts(): Promise<{ status: OrderStatus; orders: number }[]> {
    return this.all(
      "SELECT status, orders FROM report_status WHERE orders > 0",
      [],
    ).map((row) => ({
      status: row.status as OrderStatus,
      orders: Number(row.orders),
    }));
  }

  async monthlyTotals(query: {
    from: string;
    to: string;
    scope: CustomerScope;
    category?: string;
  }): Promise<MonthTotals[]> {
    const rows =
      query.category !== undefined
        ? this.categoryMonths({ ...query, category: query.category })
        : this.rollupMonths(query);
    return rows.map((row) => ({
      month: monthOfNumber(Number(row.month)),
      ...totalsOf(row),
    }));
  }

  private rollupMonths(query: {
    from: string;
    to: string;
    scope: CustomerScope;
  }): Row[] {
    const months = [monthNumber(query.from), monthNumber(query.to)];
    if (query.scope.salespersonId === undefined) {
      const byRegion =
        query.scope.regionGroup !== undefined ? "AND region_group = ?" : "";
      return this.all(
        `SELECT month, SUM(orders) AS orders, SUM(amount_fen) AS amount_fen FROM report_month_region
         WHERE month BETWEEN ? AND ? ${byRegion}
         GROUP BY month HAVING SUM(orders) > 0 ORDER BY month`,
        query.scope.regionGroup !== undefined
          ? [...months, query.scope.regionGroup]
          : months,
      );
    }
    const scope = scopeTerms(query.scope);
    return this.all(
      `SELECT m.month, SUM(m.orders) AS orders, SUM(m.amount_fen) AS amount_fen
       FROM customers c JOIN report_month_customer m ON m.customer_id = c.customer_id
       ${where([...scope.terms, "m.month BETWEEN ? AND ?"])}
       GROUP BY m.month HAVING SUM(m.orders) > 0 ORDER BY m.month`,
      [...scope.params, ...months],
    );
  }

  private categoryMonths(query: {
    from: string;
    to: string;
    scope: CustomerScope;
    category: string;
  }): Row[] {
    const { start, end } = instantsOfDates(
      monthDates(query.from).from,
      monthDates(query.to).to,
    );
    const scope = scopeTerms(query.scope);
    const joinCustomers = hasScope(query.scope)
      ? "JOIN customers c ON c.customer_id = o.customer_id"
      : "";
    // CROSS JOIN keeps orders, read by the created_at index, as the outer
    // loop. Left to choose, SQLite started from the category's SKUs and read
    // their lines across the whole history.
    return this.all(
      `SELECT ${ORDER_MONTH} AS month, COUNT(DISTINCT o.order_id) AS orders,
         SUM(l.amount_fen) AS amount_fen
       FROM orders o
       CROSS JOIN order_lines l ON l.order_id = o.order_id
       CROSS JOIN skus s ON s.sku_id = l.sku_id
       ${joinCustomers}
       ${where(["o.created_at >= ?", "o.created_at < ?", COUNTED, "s.category = ?", ...scope.terms])}
       GROUP BY 1 ORDER BY 1`,
      [start, end, query.category, ...scope.params],
    );
  }

  async customerFrequency(query: {
    range: DateRange;
    scope: CustomerScope;
    after?: FrequencyKey;
    limit: number;
  }): Promise<CustomerFrequencyRow[]> {
    const scope = scopeTerms(query.scope);
    const terms = [...scope.terms];
    const params: unknown[] = [
      dayNumber(query.range.from),
      dayNumber(query.range.to),
      ...scope.params,
    ];
    if (query.after) {
      const { orders, amountFen, customerId } = query.after;
      terms.push(
        "(f.orders < ? OR (f.orders = ? AND (f.amount_fen < ? OR (f.amount_fen = ? AND f.customer_id > ?))))",
      );
      params.push(orders, orders, amountFen, amountFen, customerId);
    }
    const rows = this.all(
      `SELECT f.customer_id, f.orders, f.amount_fen, f.last_day, c.salesperson_id,
         ${REGION} AS region_group,
         COALESCE(json_extract(c.data, '$.name'), f.customer_id) AS name
       FROM (SELECT customer_id, SUM(orders) AS orders, SUM(amount_fen) AS amount_fen,
               MAX(china_day) AS last_day
             FROM report_day_customer
             WHERE china_day BETWEEN ? AND ? AND orders > 0
             GROUP BY customer_id) f
       ${hasScope(query.scope) ? "JOIN" : "LEFT JOIN"} customers c ON c.customer_id = f.customer_id
       ${where(terms)}
       ORDER BY f.orders DESC, f.amount_fen DESC, f.customer_id ASC LIMIT ?`,
      [...params, query.limit],
    );
    return rows.map((row) => ({
      customerId: String(row.customer_id),
      name: String(row.name),
      regionGroup: String(row.region_group),
      ...(row.salesperson_id === null || row.salesperson_id === undefined
        ? {}
        : { salespersonId: String(row.salesperson_id) }),
      ...totalsOf(row),
      lastOrderDate: dateOfDayNumber(Number(row.last_day)),
    }));
  }

  async productRanking(query: {
    range: DateRange;
    by: RankingMeasure;
    category?: string;
    after?: RankingKey;
    limit: number;
  }): Promise<ProductRankingRow[]> {
    const { start, end } = instantsOfDates(query.range.from, query.range.to);
    const inner = ["o.created_at >= ?", "o.created_at < ?", COUNTED];
    const params: unknown[] = [start, end];
    if (query.category !== undefined) {
      inner.push("s.category = ?");
      params.push(query.category);
    }
    const outer: string[] = [];
    if (query.after) {
      const { baseQuantity, amountFen, skuId } = query.after;
      if (query.by === "amount") {
        outer.push("(r.amount_fen < ? OR (r.amount_fen = ? AND r.sku_id > ?))");
        params.push(amountFen, amountFen, skuId);
      } else {
        outer.push(
          "(r.base_quantity < ? OR (r.base_quantity = ? AND (r.amount_fen < ? OR (r.amount_fen = ? AND r.sku_id > ?))))",
        );
        params.push(baseQuantity, baseQuantity, amountFen, amountFen, skuId);
      }
    }
    const order =
      query.by === "amount"
        ? "r.amount_fen DESC, r.sku_id ASC"
        : "r.base_quantity DESC, r.amount_fen DESC, r.sku_id ASC";
    const rows = this.all(
      `SELECT r.sku_id, r.base_quantity, r.amount_fen, r.lines,
         json_extract(s.data, '$.name') AS name, s.category,
         json_extract(s.data, '$.baseUnit') AS base_unit
       FROM (SELECT l.sku_id, SUM(l.base_quantity) AS base_quantity,
               SUM(l.amount_fen) AS amount_fen, COUNT(*) AS lines
             FROM orders o CROSS JOIN order_lines l ON l.order_id = o.order_id
             ${query.category !== undefined ? "CROSS JOIN skus s ON s.sku_id = l.sku_id" : ""}
             ${where(inner)}
             GROUP BY l.sku_id) r
       LEFT JOIN skus s ON s.sku_id = r.sku_id
       ${where(outer)}
       ORDER BY ${order} LIMIT ?`,
      [...params, query.limit],
    );
    return rows.map((row) => ({
      skuId: String(row.sku_id),
      name: row.name === null ? String(row.sku_id) : String(row.name),
      category: row.category === null ? "" : String(row.category),
      baseUnit: row.base_unit === null ? "" : String(row.base_unit),
      baseQuantity: Number(row.base_quantity),
      amountFen: Number(row.amount_fen),
      lines: Number(row.lines),
    }));
  }

  async dormantCustomers(query: {
    asOf: string;
    silentDays: number;
    scope: CustomerScope;
    after?: DormantKey;
    limit: number;
  }): Promise<DormantCustomerRow[]> {
    const asOf = dayNumber(query.asOf);
    const scope = scopeTerms(query.scope);
    const after: string[] = [];
    const afterParams: unknown[] = [];
    if (query.after) {
      after.push("(usual_fen < ? OR (usual_fen = ? AND customer_id > ?))");
      afterParams.push(
        query.after.usualMonthlyFen,
        query.after.usualMonthlyFen,
        query.after.customerId,
      );
    }
    // Month index = year * 12 + month - 1, so "12 months ending with the last order's month"
    // is a plain range. The usual amount rounds half up with integer division.
    const rows = this.all(
      `WITH last AS MATERIALIZED (
         SELECT c.customer_id, c.salesperson_id, c.data,
           (SELECT MAX(d.china_day) FROM report_day_customer d
            WHERE d.customer_id = c.customer_id AND d.china_day <= ? AND d.orders > 0) AS last_day
         FROM customers c ${where(scope.terms)}
       ), dormant AS MATERIALIZED (
         SELECT customer_id, salesperson_id, data, last_day,
           CAST(strftime('%Y', last_day * 86400, 'unixepoch') AS INTEGER) * 12
             + CAST(strftime('%m', last_day * 86400, 'unixepoch') AS INTEGER) - 1 AS last_index
         FROM last WHERE last_day IS NOT NULL AND ? - last_day > ?
       ), windows AS (
         SELECT d.customer_id,
           SUM(CASE WHEN (m.month / 100) * 12 + m.month % 100 - 1 BETWEEN d.last_index - 11 AND d.last_index
                    THEN m.amount_fen ELSE 0 END) AS window_fen,
           MIN((m.month / 100) * 12 + m.month % 100 - 1) AS first_index
         FROM dormant d JOIN report_month_customer m ON m.customer_id = d.customer_id
         WHERE m.orders > 0 AND (m.month / 100) * 12 + m.month % 100 - 1 <= d.last_index
         GROUP BY d.customer_id
       ), scored AS (
         SELECT d.customer_id, d.salesperson_id, d.data, d.last_day,
           (2 * w.window_fen + (d.last_index - MAX(w.first_index, d.last_index - 11) + 1))
             / (2 * (d.last_index - MAX(w.first_index, d.last_index - 11) + 1)) AS usual_fen
         FROM dormant d JOIN windows w ON w.customer_id = d.customer_id
       )
       SELECT * FROM scored ${where(after)}
       ORDER BY usual_fen DESC, customer_id ASC LIMIT ?`,
      [
        asOf,
        ...scope.params,
        asOf,
        query.silentDays,
        ...afterParams,
        query.limit,
      ],
    );
    return rows.map((row) => {
      const data = JSON.parse(String(row.data)) as {
        name?: string;
        regionGroup?: string;
      };
      return {
        customerId: String(row.customer_id),
        name: data.name ?? String(row.customer_id),
        regionGroup: data.regionGroup ?? "",
        ...(row.salesperson_id === null
          ? {}
          : { salespersonId: String(row.salesperson_id) }),
        lastOrderDate: dateOfDayNumber(Number(row.last_day)),
        daysSilent: asOf - Number(row.last_day),
        usualMonthlyFen: Number(row.usual_fen),
      };
    });
  }
}
