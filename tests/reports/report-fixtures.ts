import type { OrderStatus } from "../../shared/order-status";
import type { OrderLine } from "../../shared/schemas/order";
import type { SqliteStore } from "../../server/store/sqlite/sqlite-store";
import { recomputeReportRollups } from "../../server/store/sqlite/report-rollups";
import type { OrderRecord, SkuRecord } from "../../server/store/records";
import { bottleSku, testCustomer } from "../support/fixtures";

/** Returns the instant of a China-time wall clock reading, e.g. at("2026-12-01T00:01"). */
export function at(chinaLocal: string): number {
  return Date.parse(`${chinaLocal}:00+08:00`);
}

export interface LineSpec {
  skuId: string;
  baseQuantity: number;
  priceFen: number;
}

/** Builds a finished historical order with the given lines, for importOrders. */
export function historyOrder(options: {
  orderId: string;
  customerId: string;
  createdAt: number;
  lines: LineSpec[];
  status?: OrderStatus;
}): OrderRecord {
  const lines: OrderLine[] = options.lines.map((line, index) => ({
    lineNo: index + 1,
    skuId: line.skuId,
    name: line.skuId,
    specs: {},
    unit: "瓶",
    factor: 1,
    quantity: line.baseQuantity,
    baseUnit: "瓶",
    baseQuantity: line.baseQuantity,
    priceFen: line.priceFen,
    listPriceFen: line.priceFen,
    priceSource: "list",
    amountFen: line.baseQuantity * line.priceFen,
  }));
  return {
    orderId: options.orderId,
    orderNo: `HIST-${options.orderId}`,
    customerId: options.customerId,
    customerName: options.customerId,
    status: options.status ?? "completed",
    channel: "import",
    placedBy: "import",
    lines,
    totalFen: lines.reduce((sum, line) => sum + line.amountFen, 0),
    flags: [],
    paymentStatus: "paid",
    createdAt: options.createdAt,
    updatedAt: options.createdAt,
    requestId: `import-${options.orderId}`,
    requestHash: "0",
  };
}

/** Saves customers and bottle SKUs (category 饮料 unless given) for a fixture. */
export async function saveParties(
  store: SqliteStore,
  customers: {
    customerId: string;
    regionGroup?: string;
    salespersonId?: string;
  }[],
  skus: { skuId: string; category?: string }[],
): Promise<void> {
  for (const customer of customers) {
    await store.saveCustomer(
      testCustomer(customer.customerId, {
        ...(customer.regionGroup ? { regionGroup: customer.regionGroup } : {}),
        ...(customer.salespersonId
          ? { salespersonId: customer.salespersonId }
          : {}),
      }),
    );
  }
  for (const sku of skus) {
    const overrides: Partial<SkuRecord> = sku.category
      ? { category: sku.category }
      : {};
    await store.saveSku(bottleSku(sku.skuId, overrides));
  }
}

type Row = Record<string, unknown>;

/** Reads every non-zero rollup row, so rows emptied by a cancellation compare equal to absent ones. */
export function rollupSnapshot(store: SqliteStore): Record<string, Row[]> {
  const tables: Record<string, string> = {
    report_day: "china_day",
    report_day_customer: "customer_id, china_day",
    report_month_customer: "month, customer_id",
    report_month_region: "month, region_group",
  };
  const snapshot: Record<string, Row[]> = {};
  for (const [table, key] of Object.entries(tables)) {
    snapshot[table] = store.db
      .prepare(
        `SELECT * FROM ${table} WHERE orders <> 0 OR amount_fen <> 0 ORDER BY ${key}`,
      )
      .all() as Row[];
  }
  snapshot.report_status = store.db
    .prepare("SELECT * FROM report_status WHERE orders <> 0 ORDER BY status")
    .all() as Row[];
  return snapshot;
}

/** Returns the rollups as the triggers kept them and as rebuilt from the orders. */
export function rollupsKeptAndRebuilt(store: SqliteStore): {
  kept: Record<string, Row[]>;
  rebuilt: Record<string, Row[]>;
} {
  const kept = rollupSnapshot(store);
  recomputeReportRollups(store.db);
  return { kept, rebuilt: rollupSnapshot(store) };
}
