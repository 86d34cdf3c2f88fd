import type { OrderView } from "../../shared/schemas/order";
import { startTestServer, type TestServer } from "../support/local-server";

let server: TestServer;
let customer: string;
let clerk: string;
let serial = 0;

beforeAll(async () => {
  server = await startTestServer();
  customer = await server.login("U-CUST-SH");
  clerk = await server.login("U-CLERK-ZHANG");
});

afterAll(async () => {
  await server.stop();
});

async function reserved(skuId: string): Promise<number> {
  const [row] = await server.app.store.getStock([skuId]);
  return row.reserved;
}

/** Places 2 箱 of 1.5 L water and 5 瓶 of 550 ml water, then approves it. */
async function placeApproved(): Promise<OrderView> {
  serial += 1;
  const order = await server.ok<OrderView>(
    "orders",
    {
      action: "place",
      requestId: `req-amend-${serial}`,
      lines: [
        { skuId: "NFSQ-1500", unit: "箱", quantity: 2 },
        { skuId: "NFSQ-550", unit: "瓶", quantity: 5 },
      ],
    },
    customer,
  );
  return server.ok<OrderView>("orders", { action: "approve", orderId: order.orderId }, clerk);
}

function errorOf(reply: { body: unknown }): { code: string; details?: unknown } | undefined {
  const body = reply.body as { ok: boolean; error?: { code: string; details?: unknown } };
  return body.ok ? undefined : body.error;
}

async function cancel(orderId: string): Promise<void> {
  await server.ok("orders", { action: "cancel", orderId, reason: "测试清理" }, clerk);
}

describe("orders.amend", () => {
  it("changes a quantity and removes a line", async () => {
    const order = await placeApproved();
    const [cases, bottles] = order.lines;

    const amended = await server.ok<OrderView>(
      "orders",
      { action: "amend", orderId: order.orderId, lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: 5 }] },
      clerk,
    );

    expect(amended.status).toBe("approved");
    expect(amended.lines).toHaveLength(1);
    expect(amended.lines[0].lineNo).toBe(cases.lineNo);
    expect(amended.lines[0].quantity).toBe(5);
    expect(amended.lines[0].baseQuantity).toBe(60);
    expect(amended.lines[0].priceFen).toBe(cases.priceFen);
    expect(amended.totalFen).toBe(cases.priceFen * 5);
    expect(await reserved("NFSQ-1500")).toBe(60);
    expect(await reserved("NFSQ-550")).toBe(0);

    const detail = await server.ok<OrderView>("orders", { action: "get", orderId: order.orderId }, customer);
    const event = detail.timeline?.find((item) => item.action === "order.amended");
    expect(event?.actorRole).toBe("clerk");
    expect(event?.data?.beforeTotalFen).toBe(order.totalFen);
    expect(event?.data?.afterTotalFen).toBe(amended.totalFen);
    expect(event?.data?.before).toEqual([
      { lineNo: cases.lineNo, skuId: "NFSQ-1500", unit: "箱", quantity: 2, priceFen: cases.priceFen },
      { lineNo: bottles.lineNo, skuId: "NFSQ-550", unit: "瓶", quantity: 5, priceFen: bottles.priceFen },
    ]);

    await cancel(order.orderId);
    expect(await reserved("NFSQ-1500")).toBe(0);
  });

  it("rejects more than free stock in the line's unit", async () => {
    const order = await placeApproved();

    const reply = await server.call(
      "orders",
      {
        action: "amend",
        orderId: order.orderId,
        lines: [
          { skuId: "NFSQ-1500", unit: "箱", quantity: 81 },
          { skuId: "NFSQ-550", unit: "瓶", quantity: 5 },
        ],
      },
      clerk,
    );

    expect(reply.status).toBe(409);
    expect(errorOf(reply)?.code).toBe("INSUFFICIENT_STOCK");
    expect(errorOf(reply)?.details).toEqual([
      { skuId: "NFSQ-1500", unit: "箱", requested: 81, available: 80 },
    ]);
    expect(await reserved("NFSQ-1500")).toBe(24);
    await cancel(order.orderId);
  });

  it.each([
    ["a line not in the order", [{ skuId: "KKKL-330", unit: "罐", quantity: 6 }], "not_in_order"],
    [
      "the same line twice",
      [
        { skuId: "NFSQ-1500", unit: "箱", quantity: 1 },
        { skuId: "NFSQ-1500", unit: "箱", quantity: 2 },
      ],
      "duplicate_line",
    ],
  ])("rejects %s", async (_case, lines, issueCode) => {
    const order = await placeApproved();

    const reply = await server.call("orders", { action: "amend", orderId: order.orderId, lines }, clerk);

    expect(reply.status).toBe(400);
    expect(errorOf(reply)?.code).toBe("INVALID_INPUT");
    const issues = errorOf(reply)?.details as { code: string }[];
    expect(issues.map((issue) => issue.code)).toContain(issueCode);
    await cancel(order.orderId);
  });

  it("rejects an order still pending review", async () => {
    serial += 1;
    const order = await server.ok<OrderView>(
      "orders",
      {
        action: "place",
        requestId: `req-amend-pending-${serial}`,
        lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: 1 }],
      },
      customer,
    );

    const reply = await server.call(
      "orders",
      { action: "amend", orderId: order.orderId, lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: 2 }] },
      clerk,
    );

    expect(reply.status).toBe(409);
    expect(errorOf(reply)?.code).toBe("ORDER_STATE_CONFLICT");
    await cancel(order.orderId);
  });

  it("is forbidden to customers", async () => {
    const order = await placeApproved();

    const reply = await server.call(
      "orders",
      { action: "amend", orderId: order.orderId, lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: 1 }] },
      customer,
    );

    expect(reply.status).toBe(403);
    expect(errorOf(reply)?.code).toBe("FORBIDDEN");
    await cancel(order.orderId);
  });

  it("checks a larger total against the credit limit", async () => {
    // C-HZ-001 buys monthly with a 50,000-yuan limit and a customer price of 28 yuan per 箱 of 550 ml water.
    const shop = await server.login("U-CUST-HZ");
    const order = await server.ok<OrderView>(
      "orders",
      { action: "place", requestId: "req-amend-credit", lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 1 }] },
      shop,
    );
    await server.ok("orders", { action: "approve", orderId: order.orderId }, clerk);
    const hangzhou = await server.app.store.getCustomer("C-HZ-001");
    if (!hangzhou) throw new Error("demo customer C-HZ-001 is missing");
    await server.app.store.saveCustomer({ ...hangzhou, paymentTerms: { kind: "monthly", creditLimitFen: 10_000, dueDays: 30 } });

    const over = await server.call("orders", { action: "amend", orderId: order.orderId, lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 4 }] }, clerk);
    const within = await server.call<OrderView>("orders", { action: "amend", orderId: order.orderId, lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 3 }] }, clerk);

    expect(over.status).toBe(409);
    expect(errorOf(over)?.code).toBe("CREDIT_BLOCKED");
    expect(within.status).toBe(200);
    expect(within.body.ok && within.body.data.totalFen).toBe(8_400);
    await server.app.store.saveCustomer(hangzhou);
    await cancel(order.orderId);
  });
});
