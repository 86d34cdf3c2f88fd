import type { PaymentView, StatementView } from "../../shared/schemas/finance";
import type { OrderView } from "../../shared/schemas/order";
import { startTestServer, type TestServer } from "../support/local-server";

let server: TestServer;
let finance: string;
let serial = 0;

beforeEach(async () => {
  server = await startTestServer();
  finance = await server.login("U-FIN-QIAN");
});

afterEach(async () => {
  await server.stop();
});

async function outstanding(customerId: string): Promise<number> {
  return (await server.app.store.getCreditExposure(customerId, Date.now())).outstandingFen;
}

/** Places, approves, picks, ships and receives one order for the Hangzhou shop. */
async function deliver(lines: { skuId: string; unit: string; quantity: number }[]): Promise<OrderView> {
  serial += 1;
  const customer = await server.login("U-CUST-HZ");
  const clerk = await server.login("U-CLERK-ZHANG");
  const warehouse = await server.login("U-WH-ZHAO");
  const order = await server.ok<OrderView>("orders", { action: "place", requestId: `req-pay-${serial}`, lines }, customer);
  await server.ok("orders", { action: "approve", orderId: order.orderId }, clerk);
  await server.ok(
    "fulfilment",
    { action: "confirmPicked", orderId: order.orderId, lines: order.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity })) },
    warehouse,
  );
  await server.ok("fulfilment", { action: "ship", orderId: order.orderId, requestId: `ship-pay-${serial}`, carrier: "SF", trackingNo: "SF1234567890123" }, warehouse);
  return server.ok<OrderView>("fulfilment", { action: "confirmReceipt", orderId: order.orderId }, customer);
}

describe("finance.recordPayment", () => {
  it("settles an exact order first, then oldest first, then keeps credit", async () => {
    const first = await deliver([{ skuId: "KKKL-330", unit: "箱", quantity: 2 }]);
    const second = await deliver([{ skuId: "LB-XJJ-1120", unit: "箱", quantity: 1 }]);
    const before = await outstanding("C-HZ-001");
    expect(before).toBe(first.totalFen + second.totalFen);

    const exact = await server.ok<PaymentView>(
      "finance",
      { action: "recordPayment", externalRef: "BANK-0001", customerId: "C-HZ-001", amountFen: second.totalFen, method: "bank_transfer" },
      finance,
    );
    expect(exact.allocations.map((a) => [a.orderId, a.amountFen, a.mode])).toEqual([[second.orderId, second.totalFen, "exact"]]);
    expect(await outstanding("C-HZ-001")).toBe(first.totalFen);

    const over = await server.ok<PaymentView>(
      "finance",
      { action: "recordPayment", externalRef: "WX-0002", customerId: "C-HZ-001", amountFen: first.totalFen + 1234, method: "wechat_pay" },
      finance,
    );
    expect(over.allocations.map((a) => [a.orderId, a.amountFen, a.mode])).toEqual([[first.orderId, first.totalFen, "oldest"]]);
    expect(over.unappliedFen).toBe(1234);
    expect(await outstanding("C-HZ-001")).toBe(0);
    expect(await server.app.runtime.finance?.getCreditBalance("C-HZ-001")).toBe(1234);

    // The credit pays the next delivery first.
    const third = await deliver([{ skuId: "KKKL-330", unit: "罐", quantity: 6 }]);
    expect(await outstanding("C-HZ-001")).toBe(third.totalFen - 1234);
    expect(await server.app.runtime.finance?.getCreditBalance("C-HZ-001")).toBe(0);
  });

  it("records one payment for a notice posted three times, two at once", async () => {
    const order = await deliver([{ skuId: "KKKL-330", unit: "箱", quantity: 1 }]);
    const body = { action: "recordPayment", externalRef: "WXPAY-42", customerId: "C-HZ-001", amountFen: 2000, method: "wechat_pay", receivedAt: "2026-12-04T10:00:00+08:00" };

    const [a, b] = await Promise.all([server.call<PaymentView>("finance", body, finance), server.call<PaymentView>("finance", body, finance)]);
    const c = await server.call<PaymentView>("finance", { ...body, receivedAt: "2026-12-04T11:00:00+08:00" }, finance);

    const ids = [a, b, c].map((reply) => (reply.body.ok ? reply.body.data.paymentId : reply.body.error.code));
    expect(new Set(ids).size).toBe(1);
    expect(c.body.ok && c.body.data.receivedAt).toBe("2026-12-04T10:00:00.000+08:00");
    expect(await outstanding("C-HZ-001")).toBe(order.totalFen - 2000);
    const conflict = await server.call("finance", { ...body, amountFen: 2001 }, finance);
    expect(conflict.status).toBe(409);
  });

  it("re-matches by hand with the audit trail", async () => {
    const first = await deliver([{ skuId: "KKKL-330", unit: "箱", quantity: 1 }]);
    const second = await deliver([{ skuId: "KKKL-330", unit: "提", quantity: 1 }]);
    const paid = await server.ok<PaymentView>(
      "finance",
      { action: "recordPayment", externalRef: "CASH-7", customerId: "C-HZ-001", amountFen: 1000, method: "cash" },
      finance,
    );
    expect(paid.allocations.map((a) => a.orderId)).toEqual([first.orderId]);
    const secondReceivable = (await server.app.runtime.finance?.listOpenReceivables("C-HZ-001"))?.find((r) => r.orderId === second.orderId);

    const rematched = await server.ok<PaymentView>(
      "finance",
      { action: "rematch", paymentId: paid.paymentId, allocations: [{ receivableId: secondReceivable?.receivableId, amountFen: 600 }], reason: "客户指定付第二单" },
      finance,
    );

    expect(rematched.allocations.map((a) => [a.orderId, a.amountFen, a.mode])).toEqual([[second.orderId, 600, "manual"]]);
    expect(rematched.unappliedFen).toBe(400);
    const open = await server.app.runtime.finance?.listOpenReceivables("C-HZ-001");
    expect(open?.find((r) => r.orderId === first.orderId)?.paidFen).toBe(0);
    expect(open?.find((r) => r.orderId === second.orderId)?.paidFen).toBe(600);
    expect(await server.app.runtime.finance?.getCreditBalance("C-HZ-001")).toBe(400);
    const trail = await server.app.store.getAuditTrail("customer", "C-HZ-001");
    expect(trail.map((event) => event.action)).toEqual(expect.arrayContaining(["payment.recorded", "payment.rematched"]));
    const vouchers = await server.ok<{ items: { differenceFen: number; settledFen: number }[] }>("finance", { action: "vouchers", paymentId: paid.paymentId }, finance);
    expect(vouchers.items[0]).toMatchObject({ settledFen: 600, differenceFen: 400 });
  });

  it("lets paying the overdue debt lift the credit block", async () => {
    const shop = await server.login("U-CUST-CD");
    const order = { action: "place", requestId: "req-blocked-1", lines: [{ skuId: "HL-PO425", unit: "袋", quantity: 10 }] };
    const blocked = await server.call("orders", order, shop);
    expect(blocked.status).toBe(409);
    expect(!blocked.body.ok && blocked.body.error.code).toBe("CREDIT_BLOCKED");

    await server.ok("finance", { action: "recordPayment", externalRef: "BANK-CD-1", customerId: "C-CD-004", amountFen: 1_280_050, method: "bank_transfer" }, finance);

    const placed = await server.call<OrderView>("orders", order, shop);
    expect(placed.status).toBe(200);
  });
});

describe("finance.statement", () => {
  // Month boundaries are China time even when the process runs in UTC.
  process.env.TZ = "UTC";

  it("cuts the month at China midnight and adds up", async () => {
    const store = server.app.store;
    const financeStore = server.app.runtime.finance;
    const lastMinuteOfOctober = Date.parse("2026-10-31T15:50:00Z"); // 23:50 on 31 Oct in China
    const firstMinuteOfNovember = Date.parse("2026-10-31T16:10:00Z"); // 00:10 on 1 Nov in China
    await store.saveReceivable({ receivableId: "R-SEP", customerId: "C-SH-002", amountFen: 5000, paidFen: 0, dueAt: Date.parse("2026-09-10T00:00:00Z"), createdAt: Date.parse("2026-09-10T00:00:00Z") });
    await store.saveReceivable({ receivableId: "R-OCT", customerId: "C-SH-002", amountFen: 12345, paidFen: 0, dueAt: lastMinuteOfOctober, createdAt: lastMinuteOfOctober });
    await store.saveReceivable({ receivableId: "R-NOV", customerId: "C-SH-002", amountFen: 777, paidFen: 0, dueAt: firstMinuteOfNovember, createdAt: firstMinuteOfNovember });
    await server.ok("finance", { action: "recordPayment", externalRef: "OCT-PAY", customerId: "C-SH-002", amountFen: 3000, method: "cash", receivedAt: "2026-10-15T09:00:00+08:00" }, finance);
    await server.ok("finance", { action: "recordPayment", externalRef: "NOV-PAY", customerId: "C-SH-002", amountFen: 100, method: "cash", receivedAt: "2026-11-01T00:05:00+08:00" }, finance);
    expect(financeStore).toBeDefined();

    const october = await server.ok<StatementView>("finance", { action: "statement", customerId: "C-SH-002", month: "2026-10" }, finance);
    const november = await server.ok<StatementView>("finance", { action: "statement", customerId: "C-SH-002", month: "2026-11" }, finance);

    expect(october.openingFen).toBe(5000);
    expect(october.lines.map((line) => [line.kind, line.reference])).toEqual([["payment", "OCT-PAY"], ["delivery", "R-OCT"]]);
    expect(october.debitsFen).toBe(12345);
    expect(october.creditsFen).toBe(3000);
    expect(october.closingFen).toBe(5000 + 12345 - 3000);
    expect(october.lines[october.lines.length - 1].balanceFen).toBe(october.closingFen);
    expect(november.openingFen).toBe(october.closingFen);
    expect(november.lines.map((line) => line.reference)).toEqual(["NOV-PAY", "R-NOV"]);
    expect(november.closingFen).toBe(november.openingFen + november.debitsFen - november.creditsFen);
  });

  it("contains all 1,200 deliveries of a busy month", async () => {
    const start = Date.parse("2026-10-31T16:00:00Z"); // 1 Nov 00:00 in China
    for (let i = 0; i < 1200; i += 1) {
      const at = start + i * 30 * 60 * 1000; // every half hour, 25 days
      await server.app.store.saveReceivable({ receivableId: `R-BULK-${i}`, customerId: "C-HZ-001", amountFen: 100 + i, paidFen: 0, dueAt: at, createdAt: at });
    }

    const statement = await server.ok<StatementView>("finance", { action: "statement", customerId: "C-HZ-001", month: "2026-11" }, finance);

    expect(statement.lines).toHaveLength(1200);
    const expectedDebits = Array.from({ length: 1200 }, (_, i) => 100 + i).reduce((a, b) => a + b, 0);
    expect(statement.debitsFen).toBe(expectedDebits);
    expect(statement.lines.reduce((sum, line) => sum + line.debitFen, 0)).toBe(statement.debitsFen);
    expect(statement.closingFen).toBe(statement.openingFen + statement.debitsFen - statement.creditsFen);
    expect(statement.dueDate).toBe("2026-12-30");
  });

  it("shows a customer only their own statement", async () => {
    const shop = await server.login("U-CUST-HZ");
    const own = await server.call("finance", { action: "statement", month: "2026-11" }, shop);
    expect(own.status).toBe(200);
    const other = await server.call("finance", { action: "statement", customerId: "C-SH-002", month: "2026-11" }, shop);
    expect(other.status).toBe(403);
  });
});

describe("statement export", () => {
  it("writes the statement to a workbook that reads back with the same totals", async () => {
    const at = Date.parse("2026-11-10T02:00:00Z");
    await server.app.store.saveReceivable({ receivableId: "R-X1", customerId: "C-SH-002", amountFen: 19900, paidFen: 0, dueAt: at, createdAt: at });
    await server.ok("finance", { action: "recordPayment", externalRef: "X-PAY-1", customerId: "C-SH-002", amountFen: 5001, method: "cash", receivedAt: "2026-11-12T10:00:00+08:00" }, finance);

    const file = await server.ok<{ fileName: string; base64: string }>("printing", { action: "statement", customerId: "C-SH-002", month: "2026-11" }, finance);

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ExcelJS = require("exceljs") as typeof import("exceljs");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.base64, "base64") as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const totals = rows.find((row) => row.includes("本期合计"));
    expect(file.fileName).toBe("对账单-上海浦东联华超市-2026-11.xlsx");
    expect(totals).toEqual(expect.arrayContaining([199, 50.01, 148.99]));
    expect(rows.filter((row) => row.includes("送货") || row.includes("收款"))).toHaveLength(2);
    const debitColumn = sheet.getColumn(4);
    expect(debitColumn.numFmt).toBe("#,##0.00");
    const delivery = rows.find((row) => row.includes("送货"));
    expect(delivery?.[4]).toBe(199);
  });
});
