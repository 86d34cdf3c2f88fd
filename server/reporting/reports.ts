import { chinaDate } from "../../shared/china-time";
import type { Page } from "../../shared/schemas/common";
import type {
  CustomerFrequencyInput,
  CustomerFrequencyRow,
  DormantCustomerRow,
  DormantCustomersInput,
  MonthlyTrend,
  MonthlyTrendInput,
  ProductRankingInput,
  ProductRankingRow,
} from "../../shared/schemas/reports";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";
import { monthsBetween } from "./calendar";
import { decodeCursor, encodeCursor } from "./cursor";
import { reportStoreOf } from "./dashboard";
import type {
  CustomerScope,
  DormantKey,
  FrequencyKey,
  RankingKey,
} from "./port";

const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_DORMANT_DAYS = 30;

function scopeOf(input: {
  region?: string;
  salespersonId?: string;
}): CustomerScope {
  return { regionGroup: input.region, salespersonId: input.salespersonId };
}

/** Cuts `limit + 1` rows to a page and makes the cursor from the last row kept. */
function toPage<Row>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => string,
): Page<Row> {
  const items = rows.slice(0, limit);
  return {
    items,
    nextCursor: rows.length > limit ? cursorOf(items[items.length - 1]) : null,
  };
}

/** Returns orders and amount for every month from `from` to `to`, zeros included. */
export async function getMonthlyTrend(
  runtime: Runtime,
  _caller: Caller,
  input: MonthlyTrendInput,
): Promise<MonthlyTrend> {
  const rows = await reportStoreOf(runtime).monthlyTotals({
    from: input.from,
    to: input.to,
    scope: scopeOf(input),
    category: input.category,
  });
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  const months = monthsBetween(input.from, input.to).map(
    (month) => byMonth.get(month) ?? { month, orders: 0, amountFen: 0 },
  );
  return {
    months,
    total: {
      orders: months.reduce((sum, month) => sum + month.orders, 0),
      amountFen: months.reduce((sum, month) => sum + month.amountFen, 0),
    },
  };
}

const FREQUENCY_FIELDS: [keyof FrequencyKey & string, "integer" | "string"][] =
  [
    ["orders", "integer"],
    ["amountFen", "integer"],
    ["customerId", "string"],
  ];

/** Pages customers with orders in the period: most orders first, then amount, then id. */
export async function getCustomerFrequency(
  runtime: Runtime,
  _caller: Caller,
  input: CustomerFrequencyInput,
): Promise<Page<CustomerFrequencyRow>> {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const rows = await reportStoreOf(runtime).customerFrequency({
    range: { from: input.from, to: input.to },
    scope: scopeOf(input),
    after: input.cursor
      ? decodeCursor<FrequencyKey>(input.cursor, FREQUENCY_FIELDS)
      : undefined,
    limit: limit + 1,
  });
  return toPage(rows, limit, (row) =>
    encodeCursor<FrequencyKey>(
      row,
      FREQUENCY_FIELDS.map(([field]) => field),
    ),
  );
}

const RANKING_FIELDS: [keyof RankingKey & string, "integer" | "string"][] = [
  ["baseQuantity", "integer"],
  ["amountFen", "integer"],
  ["skuId", "string"],
];

/** Pages SKUs sold in the period by base quantity or by amount, ties by SKU id. */
export async function getProductRanking(
  runtime: Runtime,
  _caller: Caller,
  input: ProductRankingInput,
): Promise<Page<ProductRankingRow>> {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const rows = await reportStoreOf(runtime).productRanking({
    range: { from: input.from, to: input.to },
    by: input.by,
    category: input.category,
    after: input.cursor
      ? decodeCursor<RankingKey>(input.cursor, RANKING_FIELDS)
      : undefined,
    limit: limit + 1,
  });
  return toPage(rows, limit, (row) =>
    encodeCursor<RankingKey>(
      row,
      RANKING_FIELDS.map(([field]) => field),
    ),
  );
}

const DORMANT_FIELDS: [keyof DormantKey & string, "integer" | "string"][] = [
  ["usualMonthlyFen", "integer"],
  ["customerId", "string"],
];

export interface DormantCustomersPage extends Page<DormantCustomerRow> {
  asOf: string;
  days: number;
}

/**
 * Pages customers with no order for more than `days` days (30 unless
 * given) before `date` (today unless given), the largest usual monthly
 * amount first.
 */
export async function getDormantCustomers(
  runtime: Runtime,
  _caller: Caller,
  input: DormantCustomersInput,
): Promise<DormantCustomersPage> {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const asOf = input.date ?? chinaDate(runtime.now());
  const days = input.days ?? DEFAULT_DORMANT_DAYS;
  const rows = await reportStoreOf(runtime).dormantCustomers({
    asOf,
    silentDays: days,
    scope: scopeOf(input),
    after: input.cursor
      ? decodeCursor<DormantKey>(input.cursor, DORMANT_FIELDS)
      : undefined,
    limit: limit + 1,
  });
  const page = toPage(rows, limit, (row) =>
    encodeCursor<DormantKey>(
      row,
      DORMANT_FIELDS.map(([field]) => field),
    ),
  );
  return { asOf, days, ...page };
}
