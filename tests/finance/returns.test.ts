import type { OrderView } from "../../shared/schemas/order";
import { startTestServer, type TestServer } from "../support/local-server";

let server: TestServer;
let serial = 0;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.stop();
});

async function deliver(cases: number): Promise<OrderView> {
  serial += 1;
  const customer = await server.login("U-CUST-HZ");
  const clerk = await server.login("U-CLERK-ZHANG");
  const warehouse = await server.login("U-WH-ZHAO");
  const order = await server.ok<OrderView>(
    "orders",
    { action: "place", requestId: `req-return-${serial}`, lines: [{ skuId: "LB-XJJ-1120", unit: "箱", quantity: cases }] },
    customer,
  );
  await server.ok("orders", { action: "approve", orderId: order.orderId }, clerk);
  await server.ok("fulfilment", { action: "confirmPicked", orderId: order.orderId, lines: [{ lineNo: 1, quantity: cases }] }, warehouse);
  await server.ok("fulfilment", { action: "ship", orderId: order.orderId, requestId: `ship-return-${serial}`, carrier: "SF", trackingNo: "SF1234567890123" }, warehouse);
  return server.ok<OrderView>("fulfilment", { action: "confirmReceipt", orderId: order.orderId }, customer);
}

async function stock() {
  const [row] = await server.app.store.getStock(["LB-XJJ-1120"]);
  return row;
}

describe("returns", () => {
  it("returns part of two deliveries: stock back, receivables reduced once", async () => {
    const first = await deliver(3);
    const second = await deliver(2);
    const priceFen = first.lines[0].priceFen; // per 箱
    const owedBefore = (await server.app.store.getCreditExposure("C-HZ-001", Date.now())).outstandingFen;
    const stockBefore = await stock();
    const customer = await server.login("U-CUST-HZ");

    const opened = await server.ok<{ returnId: string; totalFen: number }>(
      "finance",
      {
        action: "createReturn",
        requestId: "ret-two-orders",
        reason: "包装破损",
        lines: [
          { orderId: first.orderId, lineNo: 1, quantity: 1 },
          { orderId: second.orderId, lineNo: 1, quantity: 2 },
        ],
      },
      customer,
    );
    expect(opened.totalFen).toBe(3 * priceFen);
    expect(await stock()).toEqual(stockBefore);

    const warehouse = await server.login("U-WH-ZHAO");
    const received = await server.ok<{ creditedFen: number; refundFen: number }>("finance", { action: "receiveReturn", returnId: opened.returnId }, warehouse);
    const again = await server.call("finance", { action: "receiveReturn", returnId: opened.returnId }, warehouse);

    expect(received).toMatchObject({ creditedFen: 0, refundFen: 0 });
    expect(again.status).toBe(409);
    expect(await stock()).toEqual({ ...stockBefore, onHand: stockBefore.onHand + 36 });
    const owedAfter = (await server.app.store.getCreditExposure("C-HZ-001", Date.now())).outstandingFen;
    expect(owedAfter).toBe(owedBefore - 3 * priceFen);
  });

  it("refuses to return more than was delivered and not yet returned", async () => {
    const order = await deliver(2);
    const customer = await server.login("U-CUST-HZ");
    await server.ok("finance", { action: "createReturn", requestId: "ret-once-1", reason: "多发", lines: [{ orderId: order.orderId, lineNo: 1, quantity: 1 }] }, customer);

    const tooMany = await server.call("finance", { action: "createReturn", requestId: "ret-once-2", reason: "多发", lines: [{ orderId: order.orderId, lineNo: 1, quantity: 2 }] }, customer);
    const replay = await server.ok<{ returnId: string }>("finance", { action: "createReturn", requestId: "ret-once-1", reason: "多发", lines: [{ orderId: order.orderId, lineNo: 1, quantity: 1 }] }, customer);

    expect(tooMany.status).toBe(400);
    expect(replay.returnId).toBeDefined();
    const other = await server.login("U-CUST-SH");
    const notTheirs = await server.call("finance", { action: "createReturn", requestId: "ret-other-1", reason: "x", lines: [{ orderId: order.orderId, lineNo: 1, quantity: 1 }] }, other);
    expect(notTheirs.status).toBe(404);
  });

  it("turns credit beyond the debt into customer credit", async () => {
    const order = await deliver(1);
    const finance = await server.login("U-FIN-QIAN");
    await server.ok("finance", { action: "recordPayment", externalRef: "PAY-RET-1", customerId: "C-HZ-001", amountFen: order.totalFen, method: "cash" }, finance);
    const customer = await server.login("U-CUST-HZ");
    const opened = await server.ok<{ returnId: string; totalFen: number }>(
      "finance",
      { action: "createReturn", requestId: "ret-paid-1", reason: "滞销", lines: [{ orderId: order.orderId, lineNo: 1, quantity: 1 }] },
      customer,
    );
    const clerk = await server.login("U-CLERK-ZHANG");
    const received = await server.ok<{ creditedFen: number }>("finance", { action: "receiveReturn", returnId: opened.returnId }, clerk);

    expect(received.creditedFen).toBe(order.totalFen);
    expect(await server.app.runtime.finance?.getCreditBalance("C-HZ-001")).toBe(order.totalFen);
  });
});

describe("receivables ageing", () => {
  it("buckets outstanding debt by days overdue on a fixed date", async () => {
    const day = 86_400_000;
    const asOf = Date.parse("2026-12-04T16:00:00Z"); // start of 5 Dec in China
    const receivables = [
      ["R-CUR", asOf + day, 100],
      ["R-15", asOf - 15 * day, 200],
      ["R-45", asOf - 45 * day, 300],
      ["R-75", asOf - 75 * day, 400],
      ["R-120", asOf - 120 * day, 500],
    ] as const;
    for (const [id, dueAt, amountFen] of receivables) {
      await server.app.store.saveReceivable({ receivableId: id, customerId: "C-SY-006", amountFen, paidFen: 0, dueAt, createdAt: dueAt - 30 * day });
    }
    const finance = await server.login("U-FIN-QIAN");

    const report = await server.ok<{ customers: { customerId: string; buckets: Record<string, number>; items: { receivableId: string }[] }[] }>(
      "finance",
      { action: "receivables", date: "2026-12-05", customerId: "C-SY-006" },
      finance,
    );

    const [row] = report.customers;
    expect(row.buckets).toEqual({ current: 100, "1-30": 200, "31-60": 300, "61-90": 400, over90: 500 });
    expect(row.items.map((item) => item.receivableId)).toEqual(["R-120", "R-75", "R-45", "R-15", "R-CUR"]);
    const salesperson = await server.login("U-SALES-LI");
    const theirs = await server.ok<{ customers: { customerId: string }[] }>("finance", { action: "receivables" }, salesperson);
    expect(theirs.customers.some((c) => c.customerId === "C-SY-006")).toBe(false);
  });
});
