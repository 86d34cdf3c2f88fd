import type ExcelJS from "exceljs";

import type { SkuView } from "../../shared/schemas/catalog";
import type { Page } from "../../shared/schemas/common";
import type { CustomerView } from "../../shared/schemas/customer";
import type { SheetImportReport } from "../../shared/schemas/imports";
import type { OrderView } from "../../shared/schemas/order";
import type { OrderSheetReport } from "../../server/importing/order-sheet";
import { startTestServer, type TestServer } from "../support/local-server";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Workbook = require("exceljs/lib/doc/workbook") as typeof ExcelJS.Workbook;

let server: TestServer;
let clerk: string;
let salesperson: string;

beforeAll(async () => {
  server = await startTestServer();
  clerk = await server.login("U-CLERK-ZHANG");
  salesperson = await server.login("U-SALES-LI");
});

afterAll(async () => {
  await server.stop();
});

async function xlsxBase64(rows: (string | number)[][]): Promise<string> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet("导入");
  for (const row of rows) sheet.addRow(row);
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer as ArrayBuffer).toString("base64");
}

function csvBase64(rows: string[][]): string {
  return Buffer.from(rows.map((row) => row.join(",")).join("\n"), "utf8").toString("base64");
}

async function barcodeOf(skuId: string, unit: string): Promise<string> {
  const sku = await server.ok<SkuView>("catalog", { action: "get", skuId }, clerk);
  const barcode = sku.units.find((item) => item.unit === unit)?.barcode;
  if (!barcode) throw new Error(`${skuId} has no barcode on ${unit}`);
  return barcode;
}

describe("imports.orderSheet", () => {
  it("places the readable rows and reports the rest", async () => {
    const caseBarcode = await barcodeOf("NFSQ-550", "箱");
    const contentBase64 = await xlsxBase64([
      ["编码", "单位", "数量"],
      ["NFSQ-1500", "箱", 2],
      [caseBarcode, "", 1],
      ["NO-SUCH-SKU", "箱", 1],
      ["NFSQ-1500", "桶", 1],
      ["NFSQ-550", "瓶", 0],
      ["NFSQ-1500", "箱", 3],
    ]);
    const request = {
      action: "orderSheet",
      fileName: "杭州订单.xlsx",
      contentBase64,
      customerId: "C-HZ-001",
      requestId: "req-sheet-order-1",
    };

    const report = await server.ok<OrderSheetReport>("imports", request, clerk);

    expect(report.accepted).toBe(3);
    expect(report.rejects.map((reject) => reject.row)).toEqual([4, 5, 6]);
    expect(report.order?.customerId).toBe("C-HZ-001");
    expect(report.order?.status).toBe("pending_review");
    expect(
      report.order?.lines.map(({ skuId, unit, quantity }) => [skuId, unit, quantity]),
    ).toEqual([
      ["NFSQ-1500", "箱", 5],
      ["NFSQ-550", "箱", 1],
    ]);

    const replay = await server.ok<OrderSheetReport>("imports", request, clerk);
    expect(replay.order?.orderId).toBe(report.order?.orderId);
    await server.ok<OrderView>(
      "orders",
      { action: "cancel", orderId: report.order?.orderId, reason: "测试清理" },
      clerk,
    );
  });

  it("rejects a sheet without the 数量 column", async () => {
    const reply = await server.call(
      "imports",
      {
        action: "orderSheet",
        fileName: "orders.csv",
        contentBase64: csvBase64([["编码", "单位"], ["NFSQ-1500", "箱"]]),
        customerId: "C-HZ-001",
        requestId: "req-sheet-order-2",
      },
      clerk,
    );

    expect(reply.status).toBe(400);
  });

  it("is forbidden to salespeople", async () => {
    const reply = await server.call(
      "imports",
      {
        action: "orderSheet",
        fileName: "orders.csv",
        contentBase64: csvBase64([["编码", "单位", "数量"], ["NFSQ-1500", "箱", "1"]]),
        customerId: "C-HZ-001",
        requestId: "req-sheet-order-3",
      },
      salesperson,
    );

    expect(reply.status).toBe(403);
  });
});

describe("imports.catalogSheet", () => {
  it("adds a SKU to a product and rejects bad rows", async () => {
    const contentBase64 = await xlsxBase64([
      ["SKU编码", "商品编码", "名称", "分类", "基本单位", "规格", "单位", "拼音首字母"],
      ["NFSQ-380", "P-NFSQ", "农夫山泉饮用天然水", "饮料", "瓶", "规格=380ml", "瓶:1:1.20;箱:24:26.00:6901234500017", "nfsq"],
      ["NFSQ-BAD", "P-NFSQ", "农夫山泉饮用天然水", "饮料", "瓶", "容量=380ml", "瓶:1:1.20", ""],
      ["NFSQ-NOBASE", "P-NFSQ", "农夫山泉饮用天然水", "饮料", "瓶", "规格=380ml", "箱:24:26.00", ""],
    ]);

    const report = await server.ok<SheetImportReport>(
      "imports",
      { action: "catalogSheet", fileName: "catalog.xlsx", contentBase64 },
      clerk,
    );

    expect(report.imported).toBe(1);
    expect(report.rejects.map((reject) => reject.row)).toEqual([3, 4]);
    const sku = await server.ok<SkuView>("catalog", { action: "get", skuId: "NFSQ-380" }, clerk);
    expect(sku.specs).toEqual({ 规格: "380ml" });
    expect(sku.units.map((unit) => [unit.unit, unit.listPriceFen])).toEqual([
      ["瓶", 120],
      ["箱", 2600],
    ]);
    const found = await server.ok<{ unit: string; sku: SkuView }>(
      "catalog",
      { action: "findByBarcode", barcode: "6901234500017" },
      clerk,
    );
    expect(found.sku.skuId).toBe("NFSQ-380");
    expect(found.unit).toBe("箱");
  });
});

describe("imports.customerSheet", () => {
  it("adds a customer and rejects an unknown province", async () => {
    const header = [
      "客户编码", "名称", "等级", "省份", "城市", "区县", "详细地址",
      "联系人", "电话", "结算方式", "信用额度", "账期天数", "信用策略", "业务员",
    ];
    const contentBase64 = csvBase64([
      header,
      ["C-NJ-100", '"南京鼓楼便民超市"', "标准", "江苏省", "南京市", "鼓楼区", "中山路 1 号", "吴磊", "13800000100", "月结", "20000.00", "30", "暂扣", "U-SALES-LI"],
      ["C-XX-101", "无名店", "标准", "火星省", "某市", "某区", "某路", "某人", "13800000101", "现结", "", "", "", ""],
    ]);

    const report = await server.ok<SheetImportReport>(
      "imports",
      { action: "customerSheet", fileName: "customers.csv", contentBase64 },
      clerk,
    );

    expect(report.imported).toBe(1);
    expect(report.rejects.map((reject) => reject.row)).toEqual([3]);
    const customer = await server.ok<CustomerView>(
      "customers",
      { action: "get", customerId: "C-NJ-100" },
      clerk,
    );
    expect(customer.regionGroup).toBe("华东");
    expect(customer.paymentTerms).toEqual({ kind: "monthly", creditLimitFen: 2_000_000, dueDays: 30 });
    expect(customer.creditPolicy).toBe("hold");
    const assigned = await server.ok<Page<CustomerView>>(
      "customers",
      { action: "list", search: "南京" },
      salesperson,
    );
    expect(assigned.items.map((item) => item.customerId)).toEqual(["C-NJ-100"]);
  });
});
