import type { OrderView } from "../../shared/schemas/order";
import type { Page } from "../../shared/schemas/common";
import { startTestServer, type TestServer } from "../support/local-server";

let server: TestServer;
let customer: string;
let clerk: string;
let warehouse: string;
let manager: string;
let serial = 0;

beforeAll(async () => {
  server = await startTestServer();
  customer = await server.login("U-CUST-HZ");
  clerk = await server.login("U-CLERK-ZHANG");
  warehouse = await server.login("U-WH-ZHAO");
  manager = await server.login("U-MGR-LIU");
});

afterAll(async () => {
  await server.stop();
});

async function stock(skuId: string) {
  const [row] = await server.app.store.getStock([skuId]);
  return { onHand: row.onHand, reserved: row.reserved, available: row.onHand - row.reserved };
}

async function placeAndApprove(lines: { skuId: string; unit: string; quantity: number }[]): Promise<OrderView> {
  serial += 1;
  const order = await server.ok<OrderView>("orders", { action: "place", requestId: `req-flow-${serial}`, lines }, customer);
  return server.ok<OrderView>("orders", { action: "approve", orderId: order.orderId }, clerk);
}

describe("fulfilment flow", () => {
  it("moves stock correctly from placement to receipt", async () => {
    const start = await stock("LB-XJJ-1120"); // 480 瓶 on hand, 1 箱 = 12 瓶
    serial += 1;
    const placed = await server.ok<OrderView>(
      "orders",
      { action: "place", requestId: `req-flow-${serial}`, lines: [{ skuId: "LB-XJJ-1120", unit: "箱", quantity: 3 }] },
      customer,
    );
    expect(await stock("LB-XJJ-1120")).toEqual({ onHand: start.onHand, reserved: start.reserved + 36, available: start.available - 36 });

    await server.ok("orders", { action: "approve", orderId: placed.orderId }, clerk);
    expect((await stock("LB-XJJ-1120")).reserved).toBe(start.reserved + 36);

    const pickList = await server.ok<{ lines: { unit: string; quantity: number; baseQuantity: number }[] }>(
      "fulfilment",
      { action: "pickList", orderIds: [placed.orderId] },
      warehouse,
    );
    expect(pickList.lines).toEqual([expect.objectContaining({ unit: "箱", quantity: 3, baseQuantity: 36 })]);

    const picked = await server.ok<OrderView>(
      "fulfilment",
      { action: "confirmPicked", orderId: placed.orderId, lines: [{ lineNo: 1, quantity: 3 }] },
      warehouse,
    );
    expect(picked.status).toBe("picked");
    expect((await stock("LB-XJJ-1120")).reserved).toBe(start.reserved + 36);

    const shipped = await server.ok<OrderView>(
      "fulfilment",
      { action: "ship", orderId: placed.orderId, requestId: "ship-flow-1", carrier: "SF", trackingNo: "SF1234567890123" },
      warehouse,
    );
    expect(shipped.status).toBe("shipped");
    expect(await stock("LB-XJJ-1120")).toEqual({ onHand: start.onHand - 36, reserved: start.reserved, available: start.available - 36 });
    expect(shipped.shipments?.[0]).toMatchObject({ carrier: "SF", trackingNo: "SF1234567890123", isPartial: false });

    const again = await server.ok<OrderView>(
      "fulfilment",
      { action: "ship", orderId: placed.orderId, requestId: "ship-flow-1", carrier: "SF", trackingNo: "SF1234567890123" },
      warehouse,
    );
    expect(again.shipments).toHaveLength(1);
    expect((await stock("LB-XJJ-1120")).onHand).toBe(start.onHand - 36);

    const delivered = await server.ok<OrderView>("fulfilment", { action: "confirmReceipt", orderId: placed.orderId }, customer);
    expect(delivered.status).toBe("delivered");
    expect(await stock("LB-XJJ-1120")).toEqual({ onHand: start.onHand - 36, reserved: start.reserved, available: start.available - 36 });

    // C-HZ-001 buys on monthly terms, so the delivery is now a receivable.
    const exposure = await server.app.store.getCreditExposure("C-HZ-001", Date.now());
    expect(exposure.outstandingFen).toBe(delivered.totalFen);

    const detail = await server.ok<OrderView>("orders", { action: "get", orderId: placed.orderId }, clerk);
    expect(detail.timeline?.map((event) => [event.action, event.actorId])).toEqual([
      ["order.placed", "U-CUST-HZ"],
      ["order.approved", "U-CLERK-ZHANG"],
      ["order.picked", "U-WH-ZHAO"],
      ["order.shipped", "U-WH-ZHAO"],
      ["order.delivered", "U-CUST-HZ"],
    ]);
    expect(detail.timeline?.[4].data).toMatchObject({ signerName: "王建国（杭州西湖惠民便利店）" });
  });

  it("refuses a short pick unless partial, then ships the backorder", async () => {
    const start = await stock("JLY-DM-5");
    const order = await placeAndApprove([{ skuId: "JLY-DM-5", unit: "袋", quantity: 10 }]);
    await server.ok("fulfilment", { action: "confirmPicked", orderId: order.orderId, lines: [{ lineNo: 1, quantity: 5 }] }, warehouse);

    const refused = await server.call(
      "fulfilment",
      { action: "ship", orderId: order.orderId, requestId: "ship-part-0", carrier: "ZTO", trackingNo: "75123456789012" },
      warehouse,
    );
    expect(refused.status).toBe(409);
    expect(!refused.body.ok && refused.body.error.code).toBe("PICK_MISMATCH");
    expect(await stock("JLY-DM-5")).toEqual({ onHand: start.onHand, reserved: start.reserved + 10, available: start.available - 10 });

    const partial = await server.ok<OrderView>(
      "fulfilment",
      { action: "ship", orderId: order.orderId, requestId: "ship-part-1", carrier: "ZTO", trackingNo: "75123456789012", isPartial: true },
      warehouse,
    );
    expect(partial.status).toBe("partially_shipped");
    expect(await stock("JLY-DM-5")).toEqual({ onHand: start.onHand - 5, reserved: start.reserved + 5, available: start.available - 10 });
    const seenByCustomer = await server.ok<OrderView>("orders", { action: "get", orderId: order.orderId }, customer);
    expect(seenByCustomer.shipments?.[0].lines).toEqual([{ lineNo: 1, quantity: 5, baseQuantity: 5 }]);

    await server.ok("fulfilment", { action: "confirmPicked", orderId: order.orderId, lines: [{ lineNo: 1, quantity: 5 }] }, warehouse);
    const rest = await server.ok<OrderView>(
      "fulfilment",
      { action: "ship", orderId: order.orderId, requestId: "ship-part-2", carrier: "ZTO", trackingNo: "75123456789013" },
      warehouse,
    );
    expect(rest.status).toBe("shipped");
    expect(await stock("JLY-DM-5")).toEqual({ onHand: start.onHand - 10, reserved: start.reserved, available: start.available - 10 });
    const reservations = await server.app.store.getReservations(order.orderId);
    expect(reservations.map((r) => r.state)).toEqual(["consumed"]);
  });

  it("rejects over-picks, bad tracking numbers and staff receipts without a signer", async () => {
    const order = await placeAndApprove([{ skuId: "QF-130", unit: "提", quantity: 2 }]);
    const overPick = await server.call("fulfilment", { action: "confirmPicked", orderId: order.orderId, lines: [{ lineNo: 1, quantity: 3 }] }, warehouse);
    expect(overPick.status).toBe(400);

    await server.ok("fulfilment", { action: "confirmPicked", orderId: order.orderId, lines: [{ lineNo: 1, quantity: 2 }] }, warehouse);
    for (const [carrier, trackingNo] of [["SF", "12345"], ["YTO", "SF1234567890123"], ["NOPE", "123456789012"]]) {
      const reply = await server.call("fulfilment", { action: "ship", orderId: order.orderId, requestId: `ship-bad-${carrier}`, carrier, trackingNo }, warehouse);
      expect(reply.status).toBe(400);
    }
    const byCustomer = await server.call("fulfilment", { action: "ship", orderId: order.orderId, requestId: "ship-by-customer", carrier: "SF", trackingNo: "SF1234567890123" }, customer);
    expect(byCustomer.status).toBe(403);

    await server.ok("fulfilment", { action: "ship", orderId: order.orderId, requestId: "ship-own-truck", carrier: "OWN", trackingNo: "浙A12345" }, warehouse);
    const noSigner = await server.call("fulfilment", { action: "confirmReceipt", orderId: order.orderId }, warehouse);
    expect(noSigner.status).toBe(400);
    const signed = await server.ok<OrderView>("fulfilment", { action: "confirmReceipt", orderId: order.orderId, signerName: "王建国" }, warehouse);
    expect(signed.status).toBe("delivered");
  });

  it("ships a concurrent retry of one shipment once", async () => {
    const start = await stock("KSF-BHC-500");
    const order = await placeAndApprove([{ skuId: "KSF-BHC-500", unit: "箱", quantity: 2 }]);
    await server.ok("fulfilment", { action: "confirmPicked", orderId: order.orderId, lines: [{ lineNo: 1, quantity: 2 }] }, warehouse);
    const body = { action: "ship", orderId: order.orderId, requestId: "ship-race-1", carrier: "JD", trackingNo: "JDVA12345678901" };

    const replies = await Promise.all([1, 2, 3].map(() => server.call<OrderView>("fulfilment", body, warehouse)));

    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    expect(await stock("KSF-BHC-500")).toEqual({ onHand: start.onHand - 30, reserved: start.reserved, available: start.available - 30 });
    const final = await server.app.store.getOrder(order.orderId);
    expect(final?.shipments).toHaveLength(1);
  });

  it("puts notices in the customer's inbox after dispatch", async () => {
    const order = await placeAndApprove([{ skuId: "KKKL-330", unit: "箱", quantity: 1 }]);
    await server.ok("fulfilment", { action: "confirmPicked", orderId: order.orderId, lines: [{ lineNo: 1, quantity: 1 }] }, warehouse);
    await server.ok("fulfilment", { action: "ship", orderId: order.orderId, requestId: "ship-notice", carrier: "SF", trackingNo: "SF9876543210987" }, warehouse);

    await server.ok("notifications", { action: "dispatch" }, manager);
    const inbox = await server.ok<Page<{ template: string; orderId?: string; fields: Record<string, string> }>>(
      "notifications",
      { action: "inbox", limit: 50 },
      customer,
    );
    const forOrder = inbox.items.filter((message) => message.orderId === order.orderId);
    expect(forOrder.map((message) => message.template).sort()).toEqual(["orderApproved", "orderShipped"]);
    const shippedNotice = forOrder.find((message) => message.template === "orderShipped");
    expect(shippedNotice?.fields.character_string4).toBe("SF9876543210987");
    expect(shippedNotice?.fields.thing3).toBe("顺丰速运");

    const salesperson = await server.login("U-SALES-LI");
    const theirs = await server.ok<Page<{ orderId?: string }>>("notifications", { action: "inbox", limit: 50 }, salesperson);
    expect(theirs.items.some((message) => message.orderId === order.orderId)).toBe(true);
    const other = await server.login("U-CUST-SH");
    const notTheirs = await server.ok<Page<{ orderId?: string }>>("notifications", { action: "inbox", limit: 50 }, other);
    expect(notTheirs.items.some((message) => message.orderId === order.orderId)).toBe(false);
  });
});
