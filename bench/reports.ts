import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { startOfChinaDate } from "../shared/china-time";
import type { Page } from "../shared/schemas/common";
import type {
  Dashboard,
  MonthlyTrend,
  ProductRankingRow,
} from "../shared/schemas/reports";
import { createLogger } from "../server/core/logger";
import type { Runtime } from "../server/core/runtime";
import { seedLargeHistory } from "../server/demo/large-history";
import { seedDemoData } from "../server/demo/seed";
import { invokeFunction } from "../server/functions/boundary";
import { reportsFunction } from "../server/functions/reports";
import { SqliteReportStore } from "../server/store/sqlite/reports";
import { SqliteStore } from "../server/store/sqlite/sqlite-store";
import type { BenchmarkSection } from "./report";
import { describeSpread, formatCount, formatMs, median } from "./stats";

const TITLE = "6. Dashboard and reports at 10k and 1M order lines";
const SMALL_LINES = 10_000;
/** Lines of the large history; BENCH_REPORT_LINES overrides the default of 1,000,000. */
const LARGE_LINES = Number(process.env.BENCH_REPORT_LINES ?? 1_000_000);
const END_DATE = "2026-11-30";
const HISTORY_DAYS = 730;
const CUSTOMERS = 500;
const REPORT_MONTH = "2026-10";
const REPORT_CATEGORY = "饮料";
const ROUNDS = 15;
const DASHBOARD_CALLS = 100;
const REPORT_CALLS = 3;
const DASHBOARD_TARGET = 2;
const REPORT_TARGET = 1.5;
const MANAGER = { kind: "user" as const, userId: "U-MGR-LIU" };

interface History {
  store: SqliteStore;
  runtime: Runtime;
  seconds: number;
}

async function openHistory(file: string, lines: number): Promise<History> {
  const store = new SqliteStore(file);
  const now = startOfChinaDate(END_DATE).getTime() + 12 * 3600 * 1000;
  await seedDemoData(store, now);
  const started = performance.now();
  await seedLargeHistory(store, {
    lines,
    seed: 1,
    days: HISTORY_DAYS,
    endDate: END_DATE,
    customers: CUSTOMERS,
  });
  const runtime: Runtime = {
    store,
    now: () => now,
    logger: createLogger({ service: "bench" }),
    reports: new SqliteReportStore(store.db),
  };
  return { store, runtime, seconds: (performance.now() - started) / 1000 };
}

async function callReport<T>(
  runtime: Runtime,
  event: Record<string, unknown>,
): Promise<T> {
  const reply = await invokeFunction(reportsFunction, event, MANAGER, runtime);
  if (!reply.ok)
    throw new Error(
      `reports.${String(event.action)} failed: ${reply.error.code} ${reply.error.message}`,
    );
  return reply.data as T;
}

/** Returns the mean milliseconds per call over `count` calls. */
async function timeCalls(count: number, call: () => unknown): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i += 1) await call();
  return (performance.now() - started) / count;
}

/** Runs A and B for `ROUNDS` rounds, alternating which goes first, and returns per-round times. */
async function alternate(
  count: number,
  a: () => unknown,
  b: () => unknown,
): Promise<{ a: number[]; b: number[]; ratios: number[] }> {
  await timeCalls(Math.max(2, Math.ceil(count / 4)), a);
  await timeCalls(Math.max(2, Math.ceil(count / 4)), b);
  const result = {
    a: [] as number[],
    b: [] as number[],
    ratios: [] as number[],
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    let aMs: number;
    let bMs: number;
    if (round % 2 === 0) {
      aMs = await timeCalls(count, a);
      bMs = await timeCalls(count, b);
    } else {
      bMs = await timeCalls(count, b);
      aMs = await timeCalls(count, a);
    }
    result.a.push(aMs);
    result.b.push(bMs);
    result.ratios.push(aMs / bMs);
  }
  return result;
}

const COUNTED = "o.status NOT IN ('cancelled', 'rejected')";

/**
 * Prepares the monthly trend of one category for one month, written by hand over
 * the raw rows. CROSS JOIN makes orders (by the created_at index) the outer
 * loop, the fastest plan for one month, as in SqliteReportStore.
 */
function handWrittenTrend(
  store: SqliteStore,
): () => { orders: number; amountFen: number } {
  const statement = store.db.prepare(
    `SELECT COUNT(DISTINCT o.order_id) AS orders, SUM(l.amount_fen) AS amountFen
     FROM orders o
     CROSS JOIN order_lines l ON l.order_id = o.order_id
     CROSS JOIN skus s ON s.sku_id = l.sku_id
     WHERE o.created_at >= ? AND o.created_at < ? AND ${COUNTED} AND s.category = ?`,
  );
  const start = startOfChinaDate(`${REPORT_MONTH}-01`).getTime();
  const end = startOfChinaDate("2026-11-01").getTime();
  return () =>
    statement.get(start, end, REPORT_CATEGORY) as {
      orders: number;
      amountFen: number;
    };
}

/** Prepares the first page of the month's product ranking by amount, written by hand over the raw rows. */
function handWrittenRanking(
  store: SqliteStore,
): () => { skuId: string; amountFen: number }[] {
  const statement = store.db.prepare(
    `SELECT l.sku_id AS skuId, SUM(l.base_quantity) AS baseQuantity, SUM(l.amount_fen) AS amountFen
     FROM orders o CROSS JOIN order_lines l ON l.order_id = o.order_id
     WHERE o.created_at >= ? AND o.created_at < ? AND ${COUNTED}
     GROUP BY l.sku_id ORDER BY amountFen DESC, skuId ASC LIMIT 50`,
  );
  const start = startOfChinaDate(`${REPORT_MONTH}-01`).getTime();
  const end = startOfChinaDate("2026-11-01").getTime();
  return () =>
    statement.all(start, end) as { skuId: string; amountFen: number }[];
}

function ratioRow(
  metric: string,
  target: number,
  ratios: readonly number[],
  gap: string,
): BenchmarkSection["rows"][number] {
  const ratio = median(ratios);
  const met = ratio <= target;
  return {
    metric,
    target: `≤ ${target}`,
    measured: `${ratio.toFixed(2)} (${describeSpread(ratios, (value) => value.toFixed(2))})`,
    status: met ? "met" : "missed",
    ...(met ? {} : { gap }),
  };
}

/**
 * Benchmark 6: the dashboard on 10k and on LARGE_LINES order lines (the
 * ratio shows whether its cost grows with history), and two monthly
 * reports on the large history against hand-written SQL over the same rows.
 */
export async function benchReports(): Promise<BenchmarkSection> {
  const dir = mkdtempSync(join(tmpdir(), "orderdesk-bench-reports-"));
  let small: History | undefined;
  let large: History | undefined;
  try {
    small = await openHistory(join(dir, "small.sqlite"), SMALL_LINES);
    large = await openHistory(join(dir, "large.sqlite"), LARGE_LINES);
    const { runtime: smallRuntime } = small;
    const { runtime: largeRuntime } = large;

    const dashboardEvent = { action: "dashboard", date: END_DATE };
    const dashboard = await alternate(
      DASHBOARD_CALLS,
      () => callReport<Dashboard>(largeRuntime, dashboardEvent),
      () => callReport<Dashboard>(smallRuntime, dashboardEvent),
    );

    const trendEvent = {
      action: "monthlyTrend",
      from: REPORT_MONTH,
      to: REPORT_MONTH,
      category: REPORT_CATEGORY,
    };
    const trendSql = handWrittenTrend(large.store);
    const served = await callReport<MonthlyTrend>(largeRuntime, trendEvent);
    const written = trendSql();
    if (
      served.months[0].orders !== written.orders ||
      served.months[0].amountFen !== written.amountFen
    ) {
      throw new Error(
        `monthlyTrend ${JSON.stringify(served.months[0])} differs from SQL ${JSON.stringify(written)}`,
      );
    }
    const trend = await alternate(
      REPORT_CALLS,
      () => callReport(largeRuntime, trendEvent),
      trendSql,
    );

    const rankingEvent = {
      action: "productRanking",
      from: `${REPORT_MONTH}-01`,
      to: `${REPORT_MONTH}-31`,
      by: "amount",
      limit: 50,
    };
    const rankingSql = handWrittenRanking(large.store);
    const page = await callReport<Page<ProductRankingRow>>(
      largeRuntime,
      rankingEvent,
    );
    const rows = rankingSql();
    if (
      JSON.stringify(page.items.map((r) => [r.skuId, r.amountFen])) !==
      JSON.stringify(rows.map((r) => [r.skuId, r.amountFen]))
    ) {
      throw new Error("productRanking differs from the hand-written SQL");
    }
    const ranking = await alternate(
      REPORT_CALLS,
      () => callReport(largeRuntime, rankingEvent),
      rankingSql,
    );

    const reportGap =
      "The service adds zod parsing, the caller lookup, cursor encoding and mapping of rows; " +
      "profile SqliteReportStore.productRanking and categoryMonths against the SQL here.";
    return {
      title: TITLE,
      method: [
        `Two SQLite files (WAL, synchronous=NORMAL) seeded with \`seedDemoData\` and \`seedLargeHistory\` ` +
          `(seed 1, ${HISTORY_DAYS} days ending ${END_DATE}, ${CUSTOMERS} customers, 200 SKUs): ` +
          `${formatCount(SMALL_LINES)} and ${formatCount(LARGE_LINES)} order lines ` +
          `(BENCH_REPORT_LINES sets the large size; the seeding took ${small.seconds.toFixed(1)} s and ${large.seconds.toFixed(1)} s).`,
        "Every call goes in-process through `invokeFunction(reportsFunction, event, {kind: 'user', userId: 'U-MGR-LIU'}, runtime)`, " +
          "so zod parsing, the caller lookup and the role check are included.",
        `Dashboard: \`{action: 'dashboard', date: '${END_DATE}'}\` on both files, ${DASHBOARD_CALLS} calls per side per round.`,
        `Monthly reports on the large file: \`monthlyTrend\` of ${REPORT_MONTH} for category ${REPORT_CATEGORY} ` +
          `and the first 50 rows of \`productRanking\` by amount for ${REPORT_MONTH}, each against a hand-written ` +
          `better-sqlite3 statement (prepared once) that returns the same numbers over the same order lines; ` +
          `${REPORT_CALLS} calls per side per round. The results are checked equal before timing.`,
        `${ROUNDS} rounds after a warm-up, alternating which side goes first; each ratio is the median of the per-round ratios.`,
      ],
      rows: [
        {
          metric: `Dashboard, ${formatCount(SMALL_LINES)} lines`,
          target: "—",
          measured: formatMs(median(dashboard.b)),
          status: "info",
        },
        {
          metric: `Dashboard, ${formatCount(LARGE_LINES)} lines`,
          target: "—",
          measured: formatMs(median(dashboard.a)),
          status: "info",
        },
        ratioRow(
          `Dashboard ${formatCount(LARGE_LINES)} / ${formatCount(SMALL_LINES)}`,
          DASHBOARD_TARGET,
          dashboard.ratios,
          "The dashboard should read only rollup rows; check the query plans in SqliteReportStore for a scan of report_day_customer.",
        ),
        {
          metric: "monthlyTrend (category), service",
          target: "—",
          measured: formatMs(median(trend.a)),
          status: "info",
        },
        {
          metric: "monthlyTrend (category), hand-written SQL",
          target: "—",
          measured: formatMs(median(trend.b)),
          status: "info",
        },
        ratioRow(
          "monthlyTrend service / SQL",
          REPORT_TARGET,
          trend.ratios,
          reportGap,
        ),
        {
          metric: "productRanking, service",
          target: "—",
          measured: formatMs(median(ranking.a)),
          status: "info",
        },
        {
          metric: "productRanking, hand-written SQL",
          target: "—",
          measured: formatMs(median(ranking.b)),
          status: "info",
        },
        ratioRow(
          "productRanking service / SQL",
          REPORT_TARGET,
          ranking.ratios,
          reportGap,
        ),
      ],
      notes: [
        "Per round, dashboard (ms, large / small): " +
          dashboard.a
            .map((ms, i) => `${ms.toFixed(3)} / ${dashboard.b[i].toFixed(3)}`)
            .join("; ") +
          ".",
      ],
    };
  } finally {
    await small?.store.close();
    await large?.store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
