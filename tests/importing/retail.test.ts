import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

import { parse } from "csv-parse/sync";

import { checkRow } from "../../server/importing/retail";
import { SqliteStore } from "../../server/store/sqlite/sqlite-store";

const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");
const SAMPLE = join(ROOT, "data/online-retail-sample.csv");

interface Summary {
  rowsRead: number;
  importedLines: number;
  importedOrders: number;
  customers: number;
  products: number;
  totalFen: number;
  rejected: Record<string, number>;
}

async function importSample(dataDir: string): Promise<Summary> {
  const { stdout } = await run(
    process.execPath,
    [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/import-retail.ts", SAMPLE],
    { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } },
  );
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as Summary;
}

/** Recounts the sample with plain string handling, independent of the importer. */
function recount() {
  const records = parse(readFileSync(SAMPLE), { columns: true }) as Record<string, string>[];
  const kept = records.filter(
    (r) => r.CustomerID !== "NA" && !r.InvoiceNo.startsWith("C") && Number(r.Quantity) > 0,
  );
  const fenOf = (price: string) => {
    const [whole, fraction = ""] = price.split(".");
    return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  };
  return {
    rows: records.length,
    lines: kept.length,
    orders: new Set(kept.map((r) => r.InvoiceNo)).size,
    customers: new Set(kept.map((r) => r.CustomerID)).size,
    products: new Set(kept.map((r) => r.StockCode.toUpperCase())).size,
    totalFen: kept.reduce((sum, r) => sum + Number(r.Quantity) * fenOf(r.UnitPrice), 0),
    noCustomer: records.filter((r) => r.CustomerID === "NA").length,
  };
}

describe("import:retail", () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "orderdesk-import-"));
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("imports the sample and matches an independent recount", async () => {
    const expected = recount();

    const summary = await importSample(dataDir);

    expect(summary.rowsRead).toBe(expected.rows);
    expect(summary.importedLines).toBe(expected.lines);
    expect(summary.importedOrders).toBe(expected.orders);
    expect(summary.customers).toBe(expected.customers);
    expect(summary.products).toBe(expected.products);
    expect(summary.totalFen).toBe(expected.totalFen);
    expect(summary.rejected.missing_customer).toBe(expected.noCustomer);
    expect(summary.rejected.missing_customer + summary.rejected.cancellation).toBe(expected.rows - expected.lines);

    const store = new SqliteStore(join(dataDir, "orderdesk.sqlite"));
    try {
      const row = store.db
        .prepare("SELECT COUNT(*) AS n, SUM(total_fen) AS total FROM orders WHERE placed_by = 'import'")
        .get() as { n: number; total: number };
      expect(row).toEqual({ n: expected.orders, total: expected.totalFen });
      const stock = store.db
        .prepare("SELECT SUM(on_hand) AS onHand, SUM(reserved) AS reserved FROM stock WHERE sku_id LIKE 'R-%'")
        .get() as { onHand: number; reserved: number };
      expect(stock).toEqual({ onHand: 0, reserved: 0 });
    } finally {
      await store.close();
    }
  });

  it("reads invoice times as London local time", async () => {
    const store = new SqliteStore(join(dataDir, "orderdesk.sqlite"));
    try {
      // 10/31/2011 10:42 falls after British Summer Time ended (GMT).
      const winter = await store.getOrder("hist-retail-573442");
      expect(new Date(winter?.createdAt ?? 0).toISOString()).toBe("2011-10-31T10:42:00.000Z");
      // 6/12/2011 12:34 is during British Summer Time (UTC+1).
      const summer = await store.getOrder("hist-retail-556478");
      expect(new Date(summer?.createdAt ?? 0).toISOString()).toBe("2011-06-12T11:34:00.000Z");
      expect(summer?.status).toBe("completed");
      expect(summer?.paymentStatus).toBe("paid");
    } finally {
      await store.close();
    }
  });

  it("adds nothing when the same file is imported again", async () => {
    const again = await importSample(dataDir);
    expect(again.importedOrders).toBe(0);
    expect(again.importedLines).toBe(0);

    const rejects = parse(readFileSync(join(dataDir, "online-retail-sample.rejects.csv")), {
      columns: true,
    }) as Record<string, string>[];
    const first = recount();
    expect(rejects).toHaveLength(first.rows - first.lines);
    expect(new Set(rejects.map((r) => r.reason))).toEqual(new Set(["missing_customer", "cancellation"]));
  });
});

describe("checkRow", () => {
  const base = {
    rowIndex: "1",
    invoiceNo: "536365",
    stockCode: "85123A",
    description: "WHITE HANGING HEART T-LIGHT HOLDER ",
    quantity: "6",
    invoiceDate: "12/1/2010 8:26",
    unitPrice: "2.55",
    customerId: "17850",
    country: "United Kingdom",
  };

  it.each([
    [{ customerId: "NA" }, "missing_customer"],
    [{ invoiceNo: "C536379", quantity: "-1" }, "cancellation"],
    [{ quantity: "0" }, "non_positive_quantity"],
    [{ quantity: "-3" }, "non_positive_quantity"],
    [{ quantity: "2.5" }, "invalid_quantity"],
    [{ unitPrice: "1.234" }, "invalid_price"],
    [{ unitPrice: "-1.00" }, "invalid_price"],
    [{ invoiceDate: "2010-12-01" }, "invalid_date"],
    [{ stockCode: " " }, "missing_stock_code"],
  ])("rejects %p as %s", (change, reason) => {
    expect(checkRow({ ...base, ...change })).toBe(reason);
  });

  it("accepts a clean row with its price in fen", () => {
    expect(checkRow(base)).toMatchObject({ quantity: 6, priceFen: 255 });
  });
});
