import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { Page } from "../../shared/schemas/common";
import type { ProductRankingRow } from "../../shared/schemas/reports";
import { SqliteReportStore } from "../../server/store/sqlite/reports";
import { SqliteStore } from "../../server/store/sqlite/sqlite-store";
import { testCustomer } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/local-server";
import {
  at,
  historyOrder,
  rollupSnapshot,
  rollupsKeptAndRebuilt,
  saveParties,
} from "./report-fixtures";

describe("report rollups", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "orderdesk-rollups-"));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("backfills orders stored before the rollups existed", async () => {
    const file = join(dir, "orderdesk.sqlite");
    const before = new SqliteStore(file);
    await saveParties(
      before,
      [{ customerId: "B-1", regionGroup: "华北" }],
      [{ skuId: "B-SKU" }],
    );
    await before.importOrders([
      historyOrder({
        orderId: "b1",
        customerId: "B-1",
        createdAt: at("2026-03-01T08:00"),
        lines: [{ skuId: "B-SKU", baseQuantity: 2, priceFen: 500 }],
      }),
      historyOrder({
        orderId: "b2",
        customerId: "B-1",
        createdAt: at("2026-03-02T08:00"),
        lines: [{ skuId: "B-SKU", baseQuantity: 1, priceFen: 500 }],
        status: "cancelled",
      }),
    ]);
    // Turn the database back into one from before the rollups.
    before.db.exec(`
      DROP TRIGGER report_order_insert; DROP TRIGGER report_order_update; DROP TRIGGER report_order_delete;
      DROP TRIGGER report_customer_insert; DROP TRIGGER report_customer_update;
      DROP TABLE report_day; DROP TABLE report_day_customer; DROP TABLE report_month_customer;
      DROP TABLE report_month_region; DROP TABLE report_status; DROP TABLE report_rollup_state;`);
    await before.close();

    const after = new SqliteStore(file);
    try {
      const reports = new SqliteReportStore(after.db);
      expect(
        await reports.periodTotals({ from: "2026-03-01", to: "2026-03-31" }),
      ).toEqual({
        orders: 1,
        amountFen: 1000,
      });
      const { kept, rebuilt } = rollupsKeptAndRebuilt(after);
      expect(kept).toEqual(rebuilt);
    } finally {
      await after.close();
    }
  });

  it("moves region totals when a customer changes region", async () => {
    const store = new SqliteStore(join(dir, "orderdesk.sqlite"));
    try {
      await saveParties(
        store,
        [{ customerId: "R-1", regionGroup: "华北" }],
        [{ skuId: "R-SKU" }],
      );
      await store.importOrders([
        historyOrder({
          orderId: "r1",
          customerId: "R-1",
          createdAt: at("2026-03-01T08:00"),
          lines: [{ skuId: "R-SKU", baseQuantity: 3, priceFen: 100 }],
        }),
        // An order of a customer saved only afterwards is filed under region "" first.
        historyOrder({
          orderId: "r2",
          customerId: "R-2",
          createdAt: at("2026-03-01T09:00"),
          lines: [{ skuId: "R-SKU", baseQuantity: 1, priceFen: 100 }],
        }),
      ]);
      await store.saveCustomer(testCustomer("R-1", { regionGroup: "西北" }));
      await store.saveCustomer(testCustomer("R-2", { regionGroup: "西北" }));

      const regions = await new SqliteReportStore(store.db).regionTotals({
        from: "2026-03-01",
        to: "2026-03-31",
      });

      expect(regions).toEqual([
        { regionGroup: "西北", orders: 2, amountFen: 400 },
      ]);
      expect(rollupSnapshot(store).report_month_region).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe("reports.productRanking ties", () => {
  let server: TestServer;
  let manager: string;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login("U-MGR-LIU");
    await saveParties(
      server.app.store,
      [{ customerId: "K-1" }],
      [
        { skuId: "K-C" },
        { skuId: "K-A" },
        { skuId: "K-B" },
        { skuId: "K-D", category: "日化" },
      ],
    );
    await server.app.store.importOrders([
      historyOrder({
        orderId: "k1",
        customerId: "K-1",
        createdAt: at("2026-02-10T10:00"),
        lines: [
          // K-A, K-B and K-C sell 10 each; K-C for more money; K-D sells 5 for the most money.
          { skuId: "K-C", baseQuantity: 10, priceFen: 300 },
          { skuId: "K-B", baseQuantity: 10, priceFen: 200 },
          { skuId: "K-A", baseQuantity: 10, priceFen: 200 },
          { skuId: "K-D", baseQuantity: 5, priceFen: 1000 },
        ],
      }),
    ]);
  });

  afterAll(async () => {
    await server.stop();
  });

  async function ranking(body: Record<string, unknown>): Promise<string[]> {
    const page = await server.ok<Page<ProductRankingRow>>(
      "reports",
      {
        action: "productRanking",
        from: "2026-02-01",
        to: "2026-02-28",
        ...body,
      },
      manager,
    );
    return page.items.map((row) => row.skuId);
  }

  it("orders by quantity, then amount, then SKU id", async () => {
    expect(await ranking({ by: "quantity" })).toEqual([
      "K-C",
      "K-A",
      "K-B",
      "K-D",
    ]);
  });

  it("orders by amount, then SKU id", async () => {
    expect(await ranking({ by: "amount" })).toEqual([
      "K-D",
      "K-C",
      "K-A",
      "K-B",
    ]);
  });

  it("keeps one category", async () => {
    expect(await ranking({ by: "amount", category: "日化" })).toEqual(["K-D"]);
  });
});
