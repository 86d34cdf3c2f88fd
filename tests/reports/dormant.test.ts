process.env.TZ = "UTC";

import type { DormantCustomerRow } from "../../shared/schemas/reports";
import type { DormantCustomersPage } from "../../server/reporting/reports";
import { startTestServer, type TestServer } from "../support/local-server";
import { at, historyOrder, saveParties } from "./report-fixtures";

let server: TestServer;
let manager: string;

const AS_OF = "2026-06-30";

/** Builds one order of `amountFen` for a customer at noon China time on a date. */
function orderOn(
  customerId: string,
  date: string,
  amountFen: number,
  status?: "cancelled",
) {
  return historyOrder({
    orderId: `dormant-${customerId}-${date}-${amountFen}`,
    customerId,
    createdAt: at(`${date}T12:00`),
    lines: [{ skuId: "D-SKU", baseQuantity: 1, priceFen: amountFen }],
    status,
  });
}

beforeAll(async () => {
  server = await startTestServer({ now: () => at(`${AS_OF}T10:00`) });
  manager = await server.login("U-MGR-LIU");
  await saveParties(
    server.app.store,
    [
      { customerId: "D-29", regionGroup: "华东" },
      { customerId: "D-30", regionGroup: "华东" },
      { customerId: "D-31", regionGroup: "华东", salespersonId: "U-SALES-LI" },
      { customerId: "D-OLD", regionGroup: "华南" },
      { customerId: "D-CANCELLED", regionGroup: "华南" },
      { customerId: "D-LATER", regionGroup: "华南" },
      { customerId: "D-NEVER", regionGroup: "华南" },
    ],
    [{ skuId: "D-SKU" }],
  );
  await server.app.store.importOrders([
    // 29 and 30 days of silence are not "more than 30 days"; 31 is.
    orderOn("D-29", "2026-06-01", 10_000),
    orderOn("D-30", "2026-05-31", 10_000),
    orderOn("D-31", "2026-05-30", 30_000),
    orderOn("D-31", "2026-04-10", 20_000),
    // Three months of history ending 2026-01-20: 60,000 over 3 months.
    orderOn("D-OLD", "2025-11-05", 10_000),
    orderOn("D-OLD", "2025-12-05", 20_000),
    orderOn("D-OLD", "2026-01-20", 30_000),
    // A cancelled order does not end the silence.
    orderOn("D-CANCELLED", "2026-03-01", 5_000),
    orderOn("D-CANCELLED", "2026-06-20", 99_000, "cancelled"),
    // Orders after the as-of date do not count either.
    orderOn("D-LATER", "2026-05-01", 7_000),
    orderOn("D-LATER", "2026-07-05", 7_000),
  ]);
});

afterAll(async () => {
  await server.stop();
});

async function dormant(
  body: Record<string, unknown> = {},
): Promise<DormantCustomersPage> {
  return server.ok<DormantCustomersPage>(
    "reports",
    { action: "dormantCustomers", date: AS_OF, days: 30, ...body },
    manager,
  );
}

function summary(row: DormantCustomerRow) {
  return [
    row.customerId,
    row.lastOrderDate,
    row.daysSilent,
    row.usualMonthlyFen,
  ];
}

describe("reports.dormantCustomers", () => {
  it("lists customers silent for more than 30 days", async () => {
    const page = await dormant();

    expect(page.asOf).toBe(AS_OF);
    expect(page.days).toBe(30);
    expect(page.items.map(summary)).toEqual([
      // April and May: 50,000 over 2 months.
      ["D-31", "2026-05-30", 31, 25_000],
      ["D-OLD", "2026-01-20", 161, 20_000],
      ["D-LATER", "2026-05-01", 60, 7_000],
      ["D-CANCELLED", "2026-03-01", 121, 5_000],
    ]);
    expect(page.nextCursor).toBeNull();
  });

  it("defaults to 30 days before today", async () => {
    const page = await server.ok<DormantCustomersPage>(
      "reports",
      { action: "dormantCustomers" },
      manager,
    );

    expect(page.asOf).toBe(AS_OF);
    expect(page.days).toBe(30);
    expect(page.items.map((row) => row.customerId)).toEqual([
      "D-31",
      "D-OLD",
      "D-LATER",
      "D-CANCELLED",
    ]);
  });

  it("filters by region and salesperson", async () => {
    const south = await dormant({ region: "华南" });
    const li = await dormant({ salespersonId: "U-SALES-LI" });

    expect(south.items.map((row) => row.customerId)).toEqual([
      "D-OLD",
      "D-LATER",
      "D-CANCELLED",
    ]);
    expect(li.items.map((row) => row.customerId)).toEqual(["D-31"]);
  });

  it("pages every dormant customer once", async () => {
    const first = await dormant({ limit: 3 });
    const second = await dormant({ limit: 3, cursor: first.nextCursor });

    expect(
      [...first.items, ...second.items].map((row) => row.customerId),
    ).toEqual(["D-31", "D-OLD", "D-LATER", "D-CANCELLED"]);
    expect(second.nextCursor).toBeNull();
  });

  it("rejects a cursor it did not issue", async () => {
    const reply = await server.call(
      "reports",
      { action: "dormantCustomers", cursor: "bm90LWEtY3Vyc29y" },
      manager,
    );
    expect(reply.status).toBe(400);
  });
});
