import type { Page } from "../../shared/schemas/common";
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

async function placeWater(cases: number): Promise<OrderView> {
  serial += 1;
  return server.ok<OrderView>(
    "orders",
    { action: "place", requestId: `req-review-${serial}`, lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: cases }] },
    customer,
  );
}

function errorCode(reply: { body: { ok: boolean } & Record<string, unknown> }): string | undefined {
  const body = reply.body as { ok: false; error: { code: string } } | { ok: true };
  return body.ok ? undefined : body.error.code;
}

describe("order review", () => {
  it("approves and keeps the reservation, with the timeline", async () => {
    const order = await placeWater(2);
    const approved = await server.ok<OrderView>("orders", { action: "approve", orderId: order.orderId }, clerk);
    const detail = await server.ok<OrderView>("orders", { action: "get", orderId: order.orderId }, customer);

    expect(approved.status).toBe("approved");
    expect(await reserved("NFSQ-1500")).toBe(24);
    expect(detail.timeline?.map((event) => [event.action, event.actorRole])).toEqual([
      ["order.placed", "customer"],
      ["order.approved", "clerk"],
    ]);
    expect(detail.timeline?.[1].actorName).toBe("张晓（内勤）");

    const again = await server.call("orders", { action: "approve", orderId: order.orderId }, clerk);
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe("ORDER_STATE_CONFLICT");

    // Clean up the reservation so later tests start from zero.
    await server.ok("orders", { action: "cancel", orderId: order.orderId, reason: "测试清理" }, clerk);
    expect(await reserved("NFSQ-1500")).toBe(0);
  });

  it("rejects with a reason and releases the stock", async () => {
    const order = await placeWater(3);
    const missingReason = await server.call("orders", { action: "reject", orderId: order.orderId }, clerk);
    expect(missingReason.status).toBe(400);
    const blankReason = await server.call("orders", { action: "reject", orderId: order.orderId, reason: "   " }, clerk);
    expect(blankReason.status).toBe(400);
    expect(await reserved("NFSQ-1500")).toBe(36);

    const rejected = await server.ok<OrderView>(
      "orders",
      { action: "reject", orderId: order.orderId, reason: "地址不在配送范围" },
      clerk,
    );

    expect(rejected.status).toBe("rejected");
    expect(await reserved("NFSQ-1500")).toBe(0);
    const detail = await server.ok<OrderView>("orders", { action: "get", orderId: order.orderId }, clerk);
    expect(detail.timeline?.[1].data).toMatchObject({ reason: "地址不在配送范围" });
  });

  it("releases stock once when cancel is sent twice", async () => {
    const order = await placeWater(4);
    expect(await reserved("NFSQ-1500")).toBe(48);

    const [first, second] = await Promise.all([
      server.call<OrderView>("orders", { action: "cancel", orderId: order.orderId }, customer),
      server.call<OrderView>("orders", { action: "cancel", orderId: order.orderId }, customer),
    ]);
    const third = await server.call<OrderView>("orders", { action: "cancel", orderId: order.orderId }, customer);

    for (const reply of [first, second, third]) {
      expect(reply.status).toBe(200);
      expect(reply.body.ok && reply.body.data.status).toBe("cancelled");
    }
    expect(await reserved("NFSQ-1500")).toBe(0);
    const [row] = await server.app.store.getStock(["NFSQ-1500"]);
    expect(row.onHand).toBe(960);
    const events = await server.app.store.getAuditTrail("order", order.orderId);
    expect(events.filter((event) => event.action === "order.cancelled")).toHaveLength(1);
  });

  it("stops a customer from cancelling after approval and from approving", async () => {
    const order = await placeWater(1);
    const approveByCustomer = await server.call("orders", { action: "approve", orderId: order.orderId }, customer);
    expect(approveByCustomer.status).toBe(403);

    await server.ok("orders", { action: "approve", orderId: order.orderId }, clerk);
    const late = await server.call("orders", { action: "cancel", orderId: order.orderId }, customer);
    expect(late.status).toBe(409);
    expect(errorCode(late)).toBe("ORDER_STATE_CONFLICT");

    const byClerk = await server.ok<OrderView>("orders", { action: "cancel", orderId: order.orderId, reason: "客户电话取消" }, clerk);
    expect(byClerk.status).toBe("cancelled");
    expect(await reserved("NFSQ-1500")).toBe(0);
  });

  it("hides other customers' orders", async () => {
    const order = await placeWater(1);
    const other = await server.login("U-CUST-HZ");
    const salespersonOfOther = await server.login("U-SALES-ZHOU");

    for (const token of [other, salespersonOfOther]) {
      const reply = await server.call("orders", { action: "get", orderId: order.orderId }, token);
      expect(reply.status).toBe(404);
      const cancel = await server.call("orders", { action: "cancel", orderId: order.orderId }, token);
      expect(cancel.status).toBe(404);
    }
    const list = await server.ok<Page<OrderView>>("orders", { action: "list", limit: 200 }, other);
    expect(list.items.some((item) => item.customerId !== "C-HZ-001")).toBe(false);
    const forbidden = await server.call("orders", { action: "list", customerId: "C-SH-002" }, other);
    expect(forbidden.status).toBe(403);

    const assigned = await server.login("U-SALES-LI");
    const seen = await server.ok<OrderView>("orders", { action: "get", orderId: order.orderId }, assigned);
    expect(seen.orderId).toBe(order.orderId);
  });
});
