// China-time days must come out the same when the process runs in UTC.
process.env.TZ = "UTC";

import type { OrderView } from "../../shared/schemas/order";
import type { Dashboard } from "../../shared/schemas/reports";
import { startTestServer, type TestServer } from "../support/local-server";
import {
  at,
  historyOrder,
  rollupsKeptAndRebuilt,
  saveParties,
} from "./report-fixtures";

let server: TestServer;
let nowMs = at("2026-11-30T23:59");
let manager: string;
let serial = 0;

beforeAll(async () => {
  server = await startTestServer({ now: () => nowMs });
  manager = await server.login("U-MGR-LIU");
});

afterAll(async () => {
  await server.stop();
});

async function placeAt(
  chinaLocal: string,
  userId: string,
  cases: number,
): Promise<OrderView> {
  nowMs = at(chinaLocal);
  serial += 1;
  const token = await server.login(userId);
  return server.ok<OrderView>(
    "orders",
    {
      action: "place",
      requestId: `req-dashboard-${serial}`,
      lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: cases }],
    },
    token,
  );
}

describe("reports.dashboard", () => {
  let lastNovember: OrderView;
  let firstDecember: OrderView;
  let secondDecember: OrderView;

  beforeAll(async () => {
    lastNovember = await placeAt("2026-11-30T23:59", "U-CUST-HZ", 3);
    firstDecember = await placeAt("2026-12-01T00:01", "U-CUST-SH", 2);
    secondDecember = await placeAt("2026-12-01T00:01", "U-CUST-GZ", 1);
    const cancelled = await placeAt("2026-12-01T00:01", "U-CUST-SH", 5);
    const rejected = await placeAt("2026-12-01T00:01", "U-CUST-GZ", 4);
    await server.ok(
      "orders",
      { action: "cancel", orderId: cancelled.orderId, reason: "测试" },
      manager,
    );
    await server.ok(
      "orders",
      { action: "reject", orderId: rejected.orderId, reason: "测试" },
      manager,
    );
    nowMs = at("2026-12-01T09:00");
  });

  it("splits days and months at China midnight under TZ=UTC", async () => {
    const dashboard = await server.ok<Dashboard>(
      "reports",
      { action: "dashboard" },
      manager,
    );

    expect(dashboard.asOf).toBe("2026-12-01");
    expect(dashboard.today).toEqual({
      date: "2026-12-01",
      orders: 2,
      amountFen: firstDecember.totalFen + secondDecember.totalFen,
    });
    expect(dashboard.yesterday).toEqual({
      date: "2026-11-30",
      orders: 1,
      amountFen: lastNovember.totalFen,
    });
    expect(dashboard.month).toBe("2026-12");
    expect(dashboard.monthTotals).toEqual({
      orders: 2,
      amountFen: firstDecember.totalFen + secondDecember.totalFen,
    });
  });

  it("ranks the month's customers and regions without cancelled or rejected orders", async () => {
    const dashboard = await server.ok<Dashboard>(
      "reports",
      { action: "dashboard" },
      manager,
    );

    const expectedTop = [
      { customerId: "C-SH-002", orders: 1, amountFen: firstDecember.totalFen },
      { customerId: "C-GZ-003", orders: 1, amountFen: secondDecember.totalFen },
    ].sort(
      (a, b) =>
        b.amountFen - a.amountFen || (a.customerId < b.customerId ? -1 : 1),
    );
    expect(
      dashboard.topCustomers.map(({ name: _name, ...rest }) => rest),
    ).toEqual(expectedTop);
    expect(
      dashboard.regions.map((region) => [
        region.regionGroup,
        region.orders,
        region.amountFen,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ["华东", 1, firstDecember.totalFen],
        ["华南", 1, secondDecember.totalFen],
      ]),
    );
    expect(dashboard.regions).toHaveLength(2);
    const orderShares = dashboard.regions.map((region) => region.orderShareBp);
    expect(orderShares).toEqual([5000, 5000]);
  });

  it("counts waiting orders per open status", async () => {
    const dashboard = await server.ok<Dashboard>(
      "reports",
      { action: "dashboard" },
      manager,
    );
    const waiting = Object.fromEntries(
      dashboard.waiting.map((item) => [item.status, item.orders]),
    );

    expect(waiting.pending_review).toBe(3);
    expect(waiting.approved).toBe(0);
    expect(Object.keys(waiting)).not.toContain("cancelled");
    expect(Object.keys(waiting)).not.toContain("delivered");
    expect(Object.keys(waiting)).toContain("shipped");
  });

  it("reads a past day as of that day", async () => {
    const dashboard = await server.ok<Dashboard>(
      "reports",
      { action: "dashboard", date: "2026-11-30" },
      manager,
    );

    expect(dashboard.today).toEqual({
      date: "2026-11-30",
      orders: 1,
      amountFen: lastNovember.totalFen,
    });
    expect(dashboard.yesterday).toEqual({
      date: "2026-11-29",
      orders: 0,
      amountFen: 0,
    });
    expect(dashboard.monthTotals).toEqual({
      orders: 1,
      amountFen: lastNovember.totalFen,
    });
    expect(
      dashboard.topCustomers.map((customer) => customer.customerId),
    ).toEqual(["C-HZ-001"]);
  });

  it("keeps the rollups equal to a rebuild from the orders", () => {
    const { kept, rebuilt } = rollupsKeptAndRebuilt(server.app.store);
    expect(kept).toEqual(rebuilt);
  });
});

describe("reports.dashboard ties", () => {
  it("breaks equal amounts by customer id, keeping ten", async () => {
    const ids = Array.from(
      { length: 12 },
      (_, i) => `TIE-${String(12 - i).padStart(2, "0")}`,
    );
    await saveParties(
      server.app.store,
      ids.map((customerId) => ({ customerId })),
      [{ skuId: "TIE-SKU" }],
    );
    await server.app.store.importOrders(
      ids.map((customerId) =>
        historyOrder({
          orderId: `tie-${customerId}`,
          customerId,
          createdAt: at("2026-10-15T12:00"),
          lines: [{ skuId: "TIE-SKU", baseQuantity: 10, priceFen: 1000 }],
        }),
      ),
    );

    const dashboard = await server.ok<Dashboard>(
      "reports",
      { action: "dashboard", date: "2026-10-31" },
      manager,
    );

    expect(
      dashboard.topCustomers.map((customer) => customer.customerId),
    ).toEqual([...ids].sort().slice(0, 10));
    expect(dashboard.monthTotals).toEqual({ orders: 12, amountFen: 120_000 });
  });

  it("leaves out later days of the month when reading a past day", async () => {
    const dashboard = await server.ok<Dashboard>(
      "reports",
      { action: "dashboard", date: "2026-10-14" },
      manager,
    );

    expect(dashboard.monthTotals).toEqual({ orders: 0, amountFen: 0 });
    expect(dashboard.topCustomers).toEqual([]);
    expect(dashboard.regions).toEqual([]);
  });
});

describe("reports access", () => {
  it.each([
    ["U-CUST-HZ", 403],
    ["U-SALES-LI", 403],
    ["U-CLERK-ZHANG", 403],
    ["U-FIN-QIAN", 200],
    ["U-MGR-LIU", 200],
  ])("lets %s read the dashboard: HTTP %i", async (userId, status) => {
    const reply = await server.call(
      "reports",
      { action: "dashboard" },
      await server.login(userId),
    );
    expect(reply.status).toBe(status);
  });

  it("rejects a month range that runs backwards", async () => {
    const reply = await server.call(
      "reports",
      { action: "monthlyTrend", from: "2026-12", to: "2026-01" },
      manager,
    );
    expect(reply.status).toBe(400);
  });
});
