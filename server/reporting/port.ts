/**
 * The ReportStore port: the read-only queries behind the dashboard and the
 * reports, apart from the Store so each adapter can serve them its own way
 * (rollup tables on SQLite, aggregation pipelines on CloudBase).
 *
 * Dates are China-time days "YYYY-MM-DD" and months "YYYY-MM"; ranges are
 * inclusive at both ends. Cancelled and rejected orders are never counted.
 * Amounts are integer fen summed as integers. Every list is sorted with a
 * unique last key, so `after` (the sort key of the previous page's last
 * row) pages through every row exactly once.
 */

import type { OrderStatus } from "../../shared/order-status";
import type {
  CustomerFrequencyRow,
  CustomerTotals,
  DayTotals,
  DormantCustomerRow,
  MonthTotals,
  OrderTotals,
  ProductRankingRow,
  RankingMeasure,
} from "../../shared/schemas/reports";

export interface DateRange {
  from: string;
  to: string;
}

/** Customers a query covers; both filters apply when both are set. */
export interface CustomerScope {
  regionGroup?: string;
  salespersonId?: string;
}

export interface RegionSum extends OrderTotals {
  regionGroup: string;
}

/** Sort key of a frequency row: orders desc, amount desc, customer id asc. */
export interface FrequencyKey {
  orders: number;
  amountFen: number;
  customerId: string;
}

/**
 * Sort key of a ranking row. By amount: amount desc, SKU id asc. By
 * quantity: base quantity desc, amount desc, SKU id asc.
 */
export interface RankingKey {
  baseQuantity: number;
  amountFen: number;
  skuId: string;
}

/** Sort key of a dormant row: usual monthly amount desc, customer id asc. */
export interface DormantKey {
  usualMonthlyFen: number;
  customerId: string;
}

export interface ReportStore {
  /** Totals of each given day; a day without orders has zeros. */
  dayTotals(dates: readonly string[]): Promise<DayTotals[]>;
  periodTotals(range: DateRange): Promise<OrderTotals>;
  /** The `limit` customers with the highest amount in the range, then by id. */
  topCustomers(range: DateRange, limit: number): Promise<CustomerTotals[]>;
  /** Totals per region group of the customers' current region; groups without orders are left out. */
  regionTotals(range: DateRange): Promise<RegionSum[]>;
  /** Orders in each open (not final) status now; other statuses may be left out. */
  statusCounts(): Promise<{ status: OrderStatus; orders: number }[]>;
  /**
   * Totals per month with orders. With `category`, an order counts when
   * one of its lines is a SKU of that category, and the amount is the sum
   * of those lines.
   */
  monthlyTotals(query: {
    from: string;
    to: string;
    scope: CustomerScope;
    category?: string;
  }): Promise<MonthTotals[]>;
  /** Customers with at least one order in the range. */
  customerFrequency(query: {
    range: DateRange;
    scope: CustomerScope;
    after?: FrequencyKey;
    limit: number;
  }): Promise<CustomerFrequencyRow[]>;
  /** SKUs sold in the range, quantities in base units. */
  productRanking(query: {
    range: DateRange;
    by: RankingMeasure;
    category?: string;
    after?: RankingKey;
    limit: number;
  }): Promise<ProductRankingRow[]>;
  /**
   * Customers whose last order on or before `asOf` is more than
   * `silentDays` days before it. Customers with no order at all are not
   * listed.
   */
  dormantCustomers(query: {
    asOf: string;
    silentDays: number;
    scope: CustomerScope;
    after?: DormantKey;
    limit: number;
  }): Promise<DormantCustomerRow[]>;
}
