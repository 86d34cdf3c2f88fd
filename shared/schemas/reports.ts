import { z } from "zod";

import type { OrderStatus } from "../order-status";
import { ChinaDateSchema, ChinaMonthSchema, IdSchema, PageRequestShape } from "./common";

export { ChinaMonthSchema };

/** Maximum period of one report, so a mistyped year is rejected instead of scanned. */
export const MAX_REPORT_MONTHS = 120;
export const MAX_REPORT_DAYS = 3700;

const RegionSchema = z.string().trim().min(1).max(32);
const CategorySchema = z.string().trim().min(1).max(32);

function monthIndex(month: string): number {
  const [year, value] = month.split("-").map(Number);
  return year * 12 + value - 1;
}

function dayIndex(date: string): number {
  const [year, month, day] = date.split("-").map(Number);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

const monthRange = {
  check: (value: { from: string; to: string }) =>
    value.from <= value.to &&
    monthIndex(value.to) - monthIndex(value.from) < MAX_REPORT_MONTHS,
  message: `from must not be after to, and the range must be at most ${MAX_REPORT_MONTHS} months`,
};

const dateRange = {
  check: (value: { from: string; to: string }) =>
    value.from <= value.to &&
    dayIndex(value.to) - dayIndex(value.from) < MAX_REPORT_DAYS,
  message: `from must not be after to, and the range must be at most ${MAX_REPORT_DAYS} days`,
};

/** Customers a report covers: all, or those of one region group or salesperson. */
const CustomerScopeShape = {
  region: RegionSchema.optional(),
  salespersonId: IdSchema.optional(),
};

export const DashboardRequest = z.strictObject({
  /** The day the dashboard is "as of"; today in China time when absent. */
  date: ChinaDateSchema.optional(),
});

export const MonthlyTrendRequest = z
  .strictObject({
    from: ChinaMonthSchema,
    to: ChinaMonthSchema,
    ...CustomerScopeShape,
    category: CategorySchema.optional(),
  })
  .refine(monthRange.check, { message: monthRange.message, path: ["to"] });

export const CustomerFrequencyRequest = z
  .strictObject({
    from: ChinaDateSchema,
    to: ChinaDateSchema,
    ...CustomerScopeShape,
    ...PageRequestShape,
  })
  .refine(dateRange.check, { message: dateRange.message, path: ["to"] });

export const RANKING_MEASURES = ["quantity", "amount"] as const;
export type RankingMeasure = (typeof RANKING_MEASURES)[number];

export const ProductRankingRequest = z
  .strictObject({
    from: ChinaDateSchema,
    to: ChinaDateSchema,
    by: z.enum(RANKING_MEASURES),
    category: CategorySchema.optional(),
    ...PageRequestShape,
  })
  .refine(dateRange.check, { message: dateRange.message, path: ["to"] });

export const DormantCustomersRequest = z.strictObject({
  /** The day silence is measured to; today in China time when absent. */
  date: ChinaDateSchema.optional(),
  /** A customer is dormant when its last order is more than this many days before `date`. */
  days: z.number().int().min(1).max(3650).optional(),
  ...CustomerScopeShape,
  ...PageRequestShape,
});

/** An Excel export of one report: the report name plus that report's filters, without paging. */
export const ExportRequest = z.discriminatedUnion("report", [
  z.strictObject({
    report: z.literal("monthlyTrend"),
    from: ChinaMonthSchema,
    to: ChinaMonthSchema,
    ...CustomerScopeShape,
    category: CategorySchema.optional(),
  }),
  z.strictObject({
    report: z.literal("customerFrequency"),
    from: ChinaDateSchema,
    to: ChinaDateSchema,
    ...CustomerScopeShape,
  }),
  z.strictObject({
    report: z.literal("productRanking"),
    from: ChinaDateSchema,
    to: ChinaDateSchema,
    by: z.enum(RANKING_MEASURES),
    category: CategorySchema.optional(),
  }),
  z.strictObject({
    report: z.literal("dormantCustomers"),
    date: ChinaDateSchema.optional(),
    days: z.number().int().min(1).max(3650).optional(),
    ...CustomerScopeShape,
  }),
]);

export type DashboardInput = z.infer<typeof DashboardRequest>;
export type MonthlyTrendInput = z.infer<typeof MonthlyTrendRequest>;
export type CustomerFrequencyInput = z.infer<typeof CustomerFrequencyRequest>;
export type ProductRankingInput = z.infer<typeof ProductRankingRequest>;
export type DormantCustomersInput = z.infer<typeof DormantCustomersRequest>;
export type ExportInput = z.infer<typeof ExportRequest>;

/** Orders and their amount; cancelled and rejected orders are never counted. */
export interface OrderTotals {
  orders: number;
  amountFen: number;
}

export interface DayTotals extends OrderTotals {
  date: string;
}

export interface CustomerTotals extends OrderTotals {
  customerId: string;
  name: string;
}

export interface RegionTotals extends OrderTotals {
  /** The customer's region group, or "" for orders of an unknown customer. */
  regionGroup: string;
  /** Shares of the month's orders and amount in basis points (1/10,000), rounded half up. */
  orderShareBp: number;
  amountShareBp: number;
}

export interface Dashboard {
  /** The China-time day the figures are as of. */
  asOf: string;
  today: DayTotals;
  yesterday: DayTotals;
  /** The as-of day's month, "YYYY-MM", from its first day through `asOf`. */
  month: string;
  monthTotals: OrderTotals;
  /** Top 10 customers of the month by amount, then customer id. */
  topCustomers: CustomerTotals[];
  /** Every region group with orders in the month, by amount, then name. */
  regions: RegionTotals[];
  /** Orders in each status that still waits for someone, counted now (not as of `asOf`). */
  waiting: { status: OrderStatus; orders: number }[];
}

export interface MonthTotals extends OrderTotals {
  month: string;
}

export interface MonthlyTrend {
  /** Every month from `from` to `to`, months without orders included with zeros. */
  months: MonthTotals[];
  total: OrderTotals;
}

export interface CustomerFrequencyRow extends OrderTotals {
  customerId: string;
  name: string;
  regionGroup: string;
  salespersonId?: string;
  /** The customer's last counted order in the period, a China-time date. */
  lastOrderDate: string;
}

export interface ProductRankingRow {
  skuId: string;
  name: string;
  category: string;
  baseUnit: string;
  /** Quantity sold in the SKU's base unit. */
  baseQuantity: number;
  amountFen: number;
  /** Order lines of the SKU in the period. */
  lines: number;
}

export interface DormantCustomerRow {
  customerId: string;
  name: string;
  regionGroup: string;
  salespersonId?: string;
  lastOrderDate: string;
  /** Whole days from the last order's day to the as-of day. */
  daysSilent: number;
  /**
   * Average amount per month over the 12 months ending with the month of
   * the last order. Months before the customer's first order are not
   * counted, and the average is rounded half up to whole fen.
   */
  usualMonthlyFen: number;
}

export interface ReportExport {
  fileName: string;
  contentType: string;
  /** The .xlsx file, base64-encoded. */
  base64: string;
  rows: number;
}
