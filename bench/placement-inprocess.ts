import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { createLogger } from "../server/core/logger";
import type { Runtime } from "../server/core/runtime";
import { seedDemoData } from "../server/demo/seed";
import { invokeFunction } from "../server/functions/boundary";
import { ordersFunction } from "../server/functions/orders";
import { SqliteStore } from "../server/store/sqlite/sqlite-store";
import { openBareTransaction } from "./bare-transaction";
import {
  PLACEMENT_USER_ID,
  PLENTY_BASE_UNITS,
  placementLines,
  receiveStock,
} from "./fixtures";
import type { BenchmarkSection, ResultRow } from "./report";
import {
  outsideStatementsShare,
  profileSql,
  topStatements,
  type CallCost,
  type SqlProfile,
} from "./sql-profile";
import {
  describeSpread,
  formatCount,
  formatPercent,
  formatRate,
  median,
} from "./stats";

const ROUNDS = 15;
const SLICE_MS = 500;
const WARMUP_MS = 2000;
const BATCH = 25;
const TARGET_RATIO = 0.5;

type Placer = (count: number) => Promise<void> | void;

/** Places orders in batches until `sliceMs` has passed and returns the rate in orders per second. */
async function measureRate(place: Placer, sliceMs: number): Promise<number> {
  const started = performance.now();
  let placed = 0;
  let elapsed = 0;
  do {
    await place(BATCH);
    placed += BATCH;
    elapsed = performance.now() - started;
  } while (elapsed < sliceMs);
  return (placed / elapsed) * 1000;
}

/** The product path: orders.place through the function boundary on a seeded SqliteStore. */
async function openServicePath(
  dir: string,
): Promise<{ store: SqliteStore; place: Placer; close(): Promise<void> }> {
  const store = new SqliteStore(join(dir, "service.sqlite"));
  const runtime: Runtime = {
    store,
    now: Date.now,
    logger: createLogger({ service: "bench" }),
  };
  await seedDemoData(store, runtime.now());
  const lines = placementLines();
  await receiveStock(
    store,
    lines.map((line) => line.skuId),
    PLENTY_BASE_UNITS,
    runtime.now(),
  );

  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  let serial = 0;
  const identity = { kind: "user" as const, userId: PLACEMENT_USER_ID };
  return {
    store,
    async place(count) {
      for (let i = 0; i < count; i += 1) {
        serial += 1;
        const event = {
          action: "place",
          requestId: `${prefix}-${serial}`,
          lines,
        };
        const reply = await invokeFunction(
          ordersFunction,
          event,
          identity,
          runtime,
        );
        if (!reply.ok) {
          throw new Error(
            `orders.place failed: ${reply.error.code} ${reply.error.message}`,
          );
        }
      }
    },
    close: () => store.close(),
  };
}

/** Runs one side for one slice under the SQL profiler. */
async function profileSlice(
  db: SqliteStore["db"],
  place: Placer,
): Promise<SqlProfile> {
  return profileSql(db, async () => {
    const started = performance.now();
    let placed = 0;
    do {
      await place(BATCH);
      placed += BATCH;
    } while (performance.now() - started < SLICE_MS);
    return placed;
  });
}

/** Shortens SQL for a table cell. */
function abbreviate(sql: string): string {
  return sql.length > 90 ? `${sql.slice(0, 87)}...` : sql;
}

/** Benchmark 1: orders/s through the real service path against a bare transaction, alternating. */
export async function benchPlacementInProcess(): Promise<BenchmarkSection> {
  const dir = mkdtempSync(join(tmpdir(), "orderdesk-bench-inprocess-"));
  const service = await openServicePath(dir);
  const bareStore = openBareTransaction(join(dir, "bare.sqlite"));
  const bare = {
    place(count: number) {
      for (let i = 0; i < count; i += 1) bareStore.placeOne();
    },
  };
  try {
    // Let V8 optimise both paths before the measured rounds.
    await measureRate(service.place, WARMUP_MS);
    await measureRate(bare.place, WARMUP_MS);

    const serviceRates: number[] = [];
    const bareRates: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternate which side goes first so drift in machine load hits both alike.
      let serviceRate: number;
      let bareRate: number;
      if (round % 2 === 0) {
        serviceRate = await measureRate(service.place, SLICE_MS);
        bareRate = await measureRate(bare.place, SLICE_MS);
      } else {
        bareRate = await measureRate(bare.place, SLICE_MS);
        serviceRate = await measureRate(service.place, SLICE_MS);
      }
      serviceRates.push(serviceRate);
      bareRates.push(bareRate);
      ratios.push(serviceRate / bareRate);
    }

    const profile = await profileSlice(service.store.db, service.place);
    const bareProfile = await profileSlice(bareStore.db, bare.place);
    const openOrders = (
      service.store.db
        .prepare("SELECT COUNT(*) AS count FROM orders WHERE placed_by = ?")
        .get(PLACEMENT_USER_ID) as { count: number }
    ).count;
    const ratio = median(ratios);
    const met = ratio >= TARGET_RATIO;
    return {
      title: "1. Placement in-process",
      method: [
        "A: `invokeFunction(ordersFunction, {action: 'place', requestId, lines}, {kind: 'user', userId: 'U-CUST-SH'}, runtime)` " +
          "on a SqliteStore (WAL, synchronous=NORMAL) in a temp folder seeded with `seedDemoData`, " +
          `with ${formatCount(PLENTY_BASE_UNITS)} base units received per SKU.`,
        "B: one better-sqlite3 `BEGIN IMMEDIATE` transaction per order with statements prepared once: " +
          "3 guarded stock updates, order-number counter, order row with its JSON record, " +
          "3 order_lines, 3 reservations, 1 audit event, on the same schema in its own file.",
        `Each order has 3 lines of 1 base unit on ${placementLines()
          .map((line) => line.skuId)
          .join(
            ", ",
          )}. Orders are placed one after another by one caller, so all of A's orders ` +
          "belong to one customer and stay open (pending review).",
        `${WARMUP_MS} ms of warm-up per side, then ${ROUNDS} rounds of ${SLICE_MS} ms per side, ` +
          "alternating which side goes first; the ratio is the median of the per-round ratios.",
        `Then one more ${SLICE_MS} ms slice of A with every better-sqlite3 prepare() and statement execution ` +
          "timed, to show where A's time goes (the rows below marked A:). Only statements prepared during " +
          "that slice are seen.",
      ],
      rows: [
        {
          metric: "A: service path",
          target: "—",
          measured: formatRate(median(serviceRates)),
          status: "info",
        },
        {
          metric: "B: bare transaction",
          target: "—",
          measured: formatRate(median(bareRates)),
          status: "info",
        },
        {
          metric: "A / B",
          target: `≥ ${formatPercent(TARGET_RATIO)}`,
          measured: `${formatPercent(ratio)} (${describeSpread(ratios, formatPercent)})`,
          status: met ? "met" : "missed",
          ...(met ? {} : { gap: inProcessGap(ratio, profile, bareProfile) }),
        },
        {
          metric: "A: prepare()",
          target: "—",
          measured: describeCost(profile, profile.prepare),
          status: "info",
        },
        ...topStatements(profile, 3).map(({ sql, cost }): ResultRow => ({
          metric: `A: \`${abbreviate(sql)}\``,
          target: "—",
          measured: describeCost(profile, cost),
          status: "info",
        })),
        {
          metric: "A: outside statements (JavaScript: validation, pricing, the function boundary)",
          target: "—",
          measured: `${formatPercent(outsideStatementsShare(profile))} of A's time`,
          status: "info",
        },
        {
          metric: "COMMIT per order, A against B",
          target: "—",
          measured: `${commitMs(profile).toFixed(3)} ms against ${commitMs(bareProfile).toFixed(3)} ms`,
          status: "info",
        },
        {
          metric: "A: orders placed by the one customer during the run",
          target: "—",
          measured: formatCount(openOrders),
          status: "info",
        },
      ],
      notes: [
        "Per round (orders/s, A / B): " +
          serviceRates
            .map(
              (rate, i) =>
                `${Math.round(rate)} / ${Math.round(bareRates[i])} = ${formatPercent(ratios[i])}`,
            )
            .join("; ") +
          ".",
      ],
    };
  } finally {
    await service.close();
    bareStore.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function describeCost(profile: SqlProfile, cost: CallCost): string {
  return (
    `${(cost.calls / profile.units).toFixed(1)} calls per order, ` +
    `${formatPercent(cost.ms / profile.elapsedMs)} of A's time`
  );
}

/** Milliseconds of COMMIT per order in a profiled slice. */
function commitMs(profile: SqlProfile): number {
  const commit = profile.statements.get("COMMIT");
  return commit && profile.units > 0 ? commit.ms / profile.units : 0;
}

/** A statement is worth naming in the gap when it takes at least this share of A's time. */
const NOTABLE_SHARE = 0.1;

/** Returns why a statement costs what it does, for the gap column. */
function explainStatement(sql: string): string {
  if (sql === "COMMIT") {
    return (
      "COMMIT is SQLite writing every page the transaction changed to the WAL. A changes more pages than " +
      "B: the per-day report rollups that its triggers keep in the same transaction (so the dashboard " +
      "does not grow with history), and more indexed rows. Fewer indexes on orders, or rollups that " +
      "change fewer pages, would shrink it; moving the rollups out of the transaction would break them."
    );
  }
  if (sql.startsWith("INSERT INTO orders")) {
    return "It includes the triggers that update the report rollups for the new order.";
  }
  return "Making it cheaper (an index that covers it, or keeping its result up to date instead of recomputing it) would save most of that.";
}

function inProcessGap(ratio: number, profile: SqlProfile, bareProfile: SqlProfile): string {
  const parts = [
    `${((TARGET_RATIO - ratio) * 100).toFixed(1)} percentage points short.`,
  ];
  let savedShare = 0;

  for (const { sql, cost } of topStatements(profile, 2)) {
    const share = cost.ms / profile.elapsedMs;
    if (share < NOTABLE_SHARE) continue;
    parts.push(
      `\`${abbreviate(sql)}\` takes ${formatPercent(share)} of A's time ` +
        `(${(cost.calls / profile.units).toFixed(1)} calls per order). ${explainStatement(sql)}`,
    );
  }
  parts.push(
    `A's COMMIT takes ${commitMs(profile).toFixed(3)} ms per order against ${commitMs(bareProfile).toFixed(3)} ms in B.`,
  );
  const perOrderMs = profile.elapsedMs / profile.units;
  const extraCommitMs = commitMs(profile) - commitMs(bareProfile);
  if (extraCommitMs > 0 && extraCommitMs < perOrderMs) {
    parts.push(
      `A COMMIT as cheap as B's would bring A / B to about ` +
        `${formatPercent((ratio * perOrderMs) / (perOrderMs - extraCommitMs))} (an estimate from the profile, not measured).`,
    );
  }

  const prepareShare = profile.prepare.ms / profile.elapsedMs;
  if (profile.prepare.calls >= profile.units) {
    savedShare += prepareShare;
    parts.push(
      `SqliteStore calls prepare() ${(profile.prepare.calls / profile.units).toFixed(1)} times per order ` +
        `(${formatPercent(prepareShare)} of A's time), which a statement cache in SqliteStore would save.`,
    );
  }

  // If that time went away and nothing else changed, A's rate would grow by 1 / (1 - share).
  if (savedShare > 0 && savedShare < 1) {
    parts.push(
      `Saving that time would bring A / B to about ${formatPercent(ratio / (1 - savedShare))} ` +
        "(an estimate from the profile, not measured).",
    );
  }
  return parts.join(" ");
}
