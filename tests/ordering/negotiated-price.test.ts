import type { OrderView, Quote } from "../../shared/schemas/order";
import { startTestServer, type TestServer } from "../support/local-server";

// Li (salesperson) serves C-SH-002, whose own price for 1.5 L water is
// what orders.quote returns without a negotiated price.
let server: TestServer;
let salesperson: string;
let customer: string;
let clerk: string;

beforeAll(async () => {
  server = await startTestServer();
  salesperson = await server.login("U-SALES-LI");
  customer = await server.login("U-CUST-SH");
  clerk = await server.login("U-CLERK-ZHANG");
});

afterAll(async () => {
  await server.stop();
});

async function ownPrice(): Promise<number> {
  const quote = await server.ok<Quote>(
    "orders",
    { action: "quote", customerId: "C-SH-002", lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: 1 }] },
    salesperson,
  );
  return quote.lines[0].priceFen;
}

async function reserved(skuId: string): Promise<number> {
  const [row] = await server.app.store.getStock([skuId]);
  return row.reserved;
}

describe("negotiated prices", () => {
  it("places a salesperson's price with a flag", async () => {
    const standard = await ownPrice();
    const order = await server.ok<OrderView>(
      "orders",
      {
        action: "place",
        requestId: "req-negotiated-1",
        customerId: "C-SH-002",
        lines: [
          { skuId: "NFSQ-1500", unit: "箱", quantity: 3, negotiatedPriceFen: standard - 150 },
          { skuId: "NFSQ-550", unit: "瓶", quantity: 5 },
        ],
        priceReason: "老客户年底让利",
      },
      salesperson,
    );

    const [water, bottles] = order.lines;
    expect(water.priceFen).toBe(standard - 150);
    expect(water.priceSource).toBe("negotiated");
    expect(water.standardPriceFen).toBe(standard);
    expect(water.amountFen).toBe((standard - 150) * 3);
    expect(bottles.priceSource).not.toBe("negotiated");
    expect(order.totalFen).toBe(water.amountFen + bottles.amountFen);
    expect(order.flags).toEqual([
      {
        code: "PRICE_OVERRIDDEN",
        details: { reason: "老客户年底让利", lineCount: 1, standardFen: standard * 3, negotiatedFen: (standard - 150) * 3 },
      },
    ]);

    const detail = await server.ok<OrderView>("orders", { action: "get", orderId: order.orderId }, clerk);
    expect(detail.timeline?.[0].data?.priceReason).toBe("老客户年底让利");
    const queue = await server.ok<{ items: OrderView[] }>("orders", { action: "list", status: "pending_review", limit: 200 }, clerk);
    const queued = queue.items.find((item) => item.orderId === order.orderId);
    expect(queued?.flags.map((flag) => flag.code)).toEqual(["PRICE_OVERRIDDEN"]);

    // The reason is a note for the clerk, so the shop owner does not see it.
    const ownView = await server.ok<OrderView>("orders", { action: "get", orderId: order.orderId }, customer);
    expect(ownView.flags).toEqual([]);
    expect(ownView.timeline?.[0].data?.priceReason).toBeUndefined();
    expect(JSON.stringify(ownView)).not.toContain("老客户年底让利");
    const ownList = await server.ok<{ items: OrderView[] }>("orders", { action: "list", limit: 200 }, customer);
    expect(ownList.items.find((item) => item.orderId === order.orderId)?.flags).toEqual([]);
    await server.ok("orders", { action: "cancel", orderId: order.orderId, reason: "测试清理" }, clerk);
  });

  it("requires a reason with a negotiated price", async () => {
    const before = await reserved("NFSQ-1500");

    const reply = await server.call(
      "orders",
      {
        action: "place",
        requestId: "req-negotiated-2",
        customerId: "C-SH-002",
        lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: 1, negotiatedPriceFen: 100 }],
      },
      salesperson,
    );

    expect(reply.status).toBe(400);
    expect(await reserved("NFSQ-1500")).toBe(before);
  });

  it("forbids a customer to negotiate", async () => {
    const before = await reserved("NFSQ-1500");
    const line = { skuId: "NFSQ-1500", unit: "箱", quantity: 1, negotiatedPriceFen: 1 };

    const placed = await server.call(
      "orders",
      { action: "place", requestId: "req-negotiated-3", lines: [line], priceReason: "自己改价" },
      customer,
    );
    const quoted = await server.call("orders", { action: "quote", lines: [line] }, customer);

    expect(placed.status).toBe(403);
    expect(quoted.status).toBe(403);
    expect(await reserved("NFSQ-1500")).toBe(before);
  });

  it("quotes a clerk's negotiated price", async () => {
    const standard = await ownPrice();

    const quote = await server.ok<Quote>(
      "orders",
      {
        action: "quote",
        customerId: "C-SH-002",
        lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: 2, negotiatedPriceFen: 0 }],
      },
      clerk,
    );

    expect(quote.lines[0].priceFen).toBe(0);
    expect(quote.lines[0].priceSource).toBe("negotiated");
    expect(quote.lines[0].standardPriceFen).toBe(standard);
    expect(quote.totalFen).toBe(0);
  });
});
