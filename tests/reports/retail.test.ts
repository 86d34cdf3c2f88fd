process.env.TZ = "UTC";

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { DateTime } from "luxon";

import type { Page } from "../../shared/schemas/common";
import type {
  CustomerFrequencyRow,
  Dashboard,
  DormantCustomerRow,
  MonthlyTrend,
  ProductRankingRow,
  ReportExport,
} from "../../shared/schemas/reports";
import {
  importRetailRows,
  type RetailRow,
} from "../../server/importing/retail";
import { startTestServer, type TestServer } from "../support/local-server";

const SAMPLE = join(
  resolve(__dirname, "../.."),
  "data/online-retail-sample.csv",
);

interface Invoice {
  customerId: string;
  country: string;
  createdAt: number;
  amountFen: number;
}

function fenOf(price: string): number {
  const [whole, fraction = ""] = price.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

function chinaMonthOf(ms: number): string {
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 7);
}

/** Recounts the sample's invoices with their own parsing: accepted rows grouped by invoice. */
function recountInvoices(
  records: Record<string, string>[],
): Map<string, Invoice> {
  const invoices = new Map<string, Invoice>();
  for (const r of records) {
    if (
      r.CustomerID === "NA" ||
      r.InvoiceNo.startsWith("C") ||
      Number(r.Quantity) <= 0
    )
      continue;
    const at = DateTime.fromFormat(r.InvoiceDate, "M/d/yyyy H:mm", {
      zone: "Europe/London",
    }).toMillis();
    const invoice = invoices.get(r.InvoiceNo) ?? {
      customerId: `RC-${r.CustomerID}`,
      country: r.Country,
      createdAt: at,
      amountFen: 0,
    };
    invoice.createdAt = Math.min(invoice.createdAt, at);
    invoice.amountFen += Number(r.Quantity) * fenOf(r.UnitPrice);
    invoices.set(r.InvoiceNo, invoice);
  }
  return invoices;
}

function toRetailRow(record: Record<string, string>): RetailRow {
  return {
    rowIndex: record[""],
    invoiceNo: record.InvoiceNo,
    stockCode: record.StockCode,
    description: record.Description,
    quantity: record.Quantity,
    invoiceDate: record.InvoiceDate,
    unitPrice: record.UnitPrice,
    customerId: record.CustomerID,
    country: record.Country,
  };
}

let server: TestServer;
let manager: string;
let invoices: Map<string, Invoice>;

beforeAll(async () => {
  server = await startTestServer({
    now: () => Date.parse("2012-01-15T04:00:00Z"),
  });
  manager = await server.login("U-MGR-LIU");
  const records = parse(readFileSync(SAMPLE), { columns: true }) as Record<
    string,
    string
  >[];
  invoices = recountInvoices(records);
  await importRetailRows(server.app.store, records.map(toRetailRow));
});

afterAll(async () => {
  await server.stop();
});

/** Reads every page of a paged report action with the given page size. */
async function readAllPages<Row>(
  body: Record<string, unknown>,
  limit: number,
): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | undefined;
  do {
    const page = await server.ok<Page<Row>>(
      "reports",
      { ...body, limit, cursor },
      manager,
    );
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

describe("reports on the imported retail sample", () => {
  it("monthly trend equals a recount", async () => {
    const byMonth = new Map<string, { orders: number; amountFen: number }>();
    for (const invoice of invoices.values()) {
      const month = chinaMonthOf(invoice.createdAt);
      const totals = byMonth.get(month) ?? { orders: 0, amountFen: 0 };
      totals.orders += 1;
      totals.amountFen += invoice.amountFen;
      byMonth.set(month, totals);
    }
    const months = [...byMonth.keys()].sort();

    const trend = await server.ok<MonthlyTrend>(
      "reports",
      {
        action: "monthlyTrend",
        from: months[0],
        to: months[months.length - 1],
      },
      manager,
    );

    const nonEmpty = trend.months.filter((month) => month.orders > 0);
    expect(nonEmpty).toEqual(
      months.map((month) => ({ month, ...byMonth.get(month) })),
    );
    expect(trend.total.orders).toBe(invoices.size);
  });

  it("top-10 customers of the busiest month equal a recount", async () => {
    const ordersByMonth = new Map<string, number>();
    for (const invoice of invoices.values()) {
      const month = chinaMonthOf(invoice.createdAt);
      ordersByMonth.set(month, (ordersByMonth.get(month) ?? 0) + 1);
    }
    const [busiest] = [...ordersByMonth.entries()].sort(
      (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
    );
    const month = busiest[0];
    const byCustomer = new Map<string, { orders: number; amountFen: number }>();
    const byCountry = new Map<string, { orders: number; amountFen: number }>();
    for (const invoice of invoices.values()) {
      if (chinaMonthOf(invoice.createdAt) !== month) continue;
      for (const [map, key] of [
        [byCustomer, invoice.customerId],
        [byCountry, invoice.country],
      ] as const) {
        const totals = map.get(key) ?? { orders: 0, amountFen: 0 };
        totals.orders += 1;
        totals.amountFen += invoice.amountFen;
        map.set(key, totals);
      }
    }
    const expectedTop = [...byCustomer.entries()]
      .map(([customerId, totals]) => ({ customerId, ...totals }))
      .sort(
        (a, b) =>
          b.amountFen - a.amountFen || (a.customerId < b.customerId ? -1 : 1),
      )
      .slice(0, 10);
    const [year, monthNumber] = month.split("-").map(Number);
    const lastDay = new Date(Date.UTC(year, monthNumber, 0))
      .toISOString()
      .slice(0, 10);

    const dashboard = await server.ok<Dashboard>(
      "reports",
      { action: "dashboard", date: lastDay },
      manager,
    );

    expect(
      dashboard.topCustomers.map(({ name: _name, ...rest }) => rest),
    ).toEqual(expectedTop);
    expect(
      Object.fromEntries(
        dashboard.regions.map((r) => [
          r.regionGroup,
          { orders: r.orders, amountFen: r.amountFen },
        ]),
      ),
    ).toEqual(Object.fromEntries(byCountry));
  });

  it("customer frequency pages return every row once", async () => {
    const body = {
      action: "customerFrequency",
      from: "2010-01-01",
      to: "2012-12-31",
    };

    const small = await readAllPages<CustomerFrequencyRow>(body, 7);
    const large = await readAllPages<CustomerFrequencyRow>(body, 200);

    expect(small).toEqual(large);
    expect(new Set(small.map((row) => row.customerId)).size).toBe(small.length);
    expect(small.length).toBe(
      new Set([...invoices.values()].map((i) => i.customerId)).size,
    );
    expect(small.reduce((sum, row) => sum + row.orders, 0)).toBe(invoices.size);
  });

  it.each(["quantity", "amount"] as const)(
    "product ranking by %s pages every SKU once",
    async (by) => {
      const body = {
        action: "productRanking",
        from: "2010-01-01",
        to: "2012-12-31",
        by,
      };

      const small = await readAllPages<ProductRankingRow>(body, 9);
      const large = await readAllPages<ProductRankingRow>(body, 200);

      expect(small).toEqual(large);
      expect(new Set(small.map((row) => row.skuId)).size).toBe(small.length);
      for (let i = 1; i < small.length; i += 1) {
        const [a, b] = [small[i - 1], small[i]];
        const first =
          by === "amount"
            ? [a.amountFen, b.amountFen]
            : [a.baseQuantity, b.baseQuantity];
        expect(first[0]).toBeGreaterThanOrEqual(first[1]);
        if (
          first[0] === first[1] &&
          (by === "amount" || a.amountFen === b.amountFen)
        ) {
          expect(a.skuId < b.skuId).toBe(true);
        }
      }
    },
  );

  it("dormant customer pages return every row once", async () => {
    const body = { action: "dormantCustomers", date: "2011-12-31", days: 30 };

    const small = await readAllPages<DormantCustomerRow>(body, 5);
    const large = await readAllPages<DormantCustomerRow>(body, 200);

    expect(small.length).toBeGreaterThan(5);
    expect(small).toEqual(large);
    expect(new Set(small.map((row) => row.customerId)).size).toBe(small.length);
  });

  it("exports every ranking row to Excel", async () => {
    const ranking = await readAllPages<ProductRankingRow>(
      {
        action: "productRanking",
        from: "2010-01-01",
        to: "2012-12-31",
        by: "amount",
      },
      200,
    );

    const file = await server.ok<ReportExport>(
      "reports",
      {
        action: "export",
        report: "productRanking",
        from: "2010-01-01",
        to: "2012-12-31",
        by: "amount",
      },
      manager,
    );

    const workbook = new ExcelJS.Workbook();
    const bytes = Buffer.from(file.base64, "base64");
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    );
    const sheet = workbook.worksheets[0];
    expect(file.fileName).toBe("商品销售排行-2010-01-01至2012-12-31.xlsx");
    expect(file.rows).toBe(ranking.length);
    expect(sheet.rowCount).toBe(ranking.length + 1);
    expect(sheet.getRow(2).getCell(2).value).toBe(ranking[0].skuId);
    expect(sheet.getRow(2).getCell(8).value).toBe(ranking[0].amountFen);
  });
});
