import { addChinaDays, chinaDate } from "../../shared/china-time";
import { AppError } from "../../shared/errors";
import { FINAL_STATUSES, ORDER_STATUSES } from "../../shared/order-status";
import type {
  Dashboard,
  DashboardInput,
  RegionTotals,
} from "../../shared/schemas/reports";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";
import type { RegionSum, ReportStore } from "./port";

const TOP_CUSTOMERS = 10;

/**
 * Statuses in which an order waits for someone: review, picking, shipping
 * or the customer's receipt. A delivered order needs no further action,
 * because its money is tracked as a receivable.
 */
const WAITING_STATUSES = ORDER_STATUSES.filter(
  (status) => status !== "delivered" && !FINAL_STATUSES.includes(status),
);

/** Returns the runtime's ReportStore, or throws INTERNAL when this runtime has none. */
export function reportStoreOf(runtime: Runtime): ReportStore {
  if (!runtime.reports)
    throw new AppError(
      "INTERNAL",
      "reports are not configured in this runtime",
    );
  return runtime.reports;
}

/** Returns part / whole in basis points, rounded half up; BigInt keeps large fen sums exact. */
export function shareBp(part: number, whole: number): number {
  if (whole === 0) return 0;
  const scaled = BigInt(part) * 20_000n + BigInt(whole);
  return Number(scaled / (2n * BigInt(whole)));
}

function withShares(regions: readonly RegionSum[]): RegionTotals[] {
  const orders = regions.reduce((sum, region) => sum + region.orders, 0);
  const amount = regions.reduce((sum, region) => sum + region.amountFen, 0);
  return [...regions]
    .sort(
      (a, b) =>
        b.amountFen - a.amountFen || (a.regionGroup < b.regionGroup ? -1 : 1),
    )
    .map((region) => ({
      ...region,
      orderShareBp: shareBp(region.orders, orders),
      amountShareBp: shareBp(region.amountFen, amount),
    }));
}

/**
 * Builds the dashboard as of a China-time day: that day and the day
 * before, the month so far with its top customers and region shares, and
 * the orders waiting in each open status. Its cost does not depend on how
 * much history is stored (see the SQLite rollups).
 */
export async function getDashboard(
  runtime: Runtime,
  _caller: Caller,
  input: DashboardInput,
): Promise<Dashboard> {
  const reports = reportStoreOf(runtime);
  const asOf = input.date ?? chinaDate(runtime.now());
  const yesterday = addChinaDays(asOf, -1);
  const month = asOf.slice(0, 7);
  const monthSoFar = { from: `${month}-01`, to: asOf };

  const [days, monthTotals, topCustomers, regions, counts] = await Promise.all([
    reports.dayTotals([asOf, yesterday]),
    reports.periodTotals(monthSoFar),
    reports.topCustomers(monthSoFar, TOP_CUSTOMERS),
    reports.regionTotals(monthSoFar),
    reports.statusCounts(),
  ]);

  const countOf = new Map(counts.map((count) => [count.status, count.orders]));
  return {
    asOf,
    today: days[0],
    yesterday: days[1],
    month,
    monthTotals,
    topCustomers,
    regions: withShares(regions),
    waiting: WAITING_STATUSES.map((status) => ({
      status,
      orders: countOf.get(status) ?? 0,
    })),
  };
}
