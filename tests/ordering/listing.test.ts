import type { Page } from "../../shared/schemas/common";
import type { OrderView } from "../../shared/schemas/order";
import { orderDraft } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/local-server";

// Day boundaries must come out in China time even when the process runs in UTC.
process.env.TZ = "UTC";

describe("orders.list", () => {
  let server: TestServer;

  afterEach(async () => {
    await server.stop();
  });

  it("pages through all 1,234 orders of a customer, none twice", async () => {
    server = await startTestServer();
    const store = server.app.store;
    const start = Date.parse("2026-11-01T00:00:00Z");
    await store.receiveStock({
      skuId: "NFSQ-550",
      baseQuantity: 2000,
      event: { eventId: "evt-bulk", entityType: "stock", entityId: "NFSQ-550", action: "stock.received", actorId: "system", actorRole: "system", at: start },
    });
    for (let i = 0; i < 1234; i += 1) {
      // Every third order shares an instant with the previous one.
      await store.placeOrder(
        orderDraft({
          customerId: "C-SH-002",
          skuId: "NFSQ-550",
          baseQuantity: 1,
          createdAt: start + (i - (i % 3 === 2 ? 1 : 0)) * 60_000,
          placedBy: "U-CUST-SH",
        }),
      );
    }
    const token = await server.login("U-CUST-SH");

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page<OrderView> = await server.ok<Page<OrderView>>(
        "orders",
        { action: "list", limit: 100, ...(cursor ? { cursor } : {}) },
        token,
      );
      seen.push(...page.items.map((order) => order.orderId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);

    expect(seen).toHaveLength(1234);
    expect(new Set(seen).size).toBe(1234);
    expect(pages).toBe(13);
  });

  it("counts a 07:30 China-time order in that China day under TZ=UTC", async () => {
    const instant = Date.parse("2026-12-03T23:30:00Z"); // 07:30 on 4 December in China
    server = await startTestServer({ now: () => instant });
    const token = await server.login("U-CUST-SH");

    const order = await server.ok<OrderView>(
      "orders",
      { action: "place", requestId: "req-morning-1", lines: [{ skuId: "KKKL-330", unit: "罐", quantity: 6 }] },
      token,
    );
    const onDay = await server.ok<Page<OrderView>>("orders", { action: "list", from: "2026-12-04", to: "2026-12-04" }, token);
    const dayBefore = await server.ok<Page<OrderView>>("orders", { action: "list", from: "2026-12-03", to: "2026-12-03" }, token);

    expect(new Date(instant).getUTCDate()).toBe(3);
    expect(order.orderNo).toBe("SO20261204-0001");
    expect(order.createdAt).toBe("2026-12-04T07:30:00.000+08:00");
    expect(onDay.items.map((item) => item.orderId)).toEqual([order.orderId]);
    expect(dayBefore.items).toEqual([]);
  });

  it("rejects a bad cursor, a reversed range and an impossible date", async () => {
    server = await startTestServer();
    const token = await server.login("U-CLERK-ZHANG");

    for (const body of [
      { action: "list", cursor: "not-a-cursor" },
      { action: "list", from: "2026-12-05", to: "2026-12-04" },
      { action: "list", from: "2026-02-30" },
      { action: "list", limit: 0 },
      { action: "list", status: "lost" },
    ]) {
      const reply = await server.call("orders", body, token);
      expect(reply.status).toBe(400);
    }
  });

  it("filters by a list of statuses", async () => {
    server = await startTestServer();
    const shop = await server.login("U-CUST-HZ");
    const clerk = await server.login("U-CLERK-ZHANG");
    const warehouse = await server.login("U-WH-ZHAO");
    async function place(requestId: string): Promise<OrderView> {
      return server.ok<OrderView>(
        "orders",
        { action: "place", requestId, lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: 2 }] },
        shop,
      );
    }
    const pending = await place("req-statuses-pending");
    const approved = await place("req-statuses-approved");
    const picked = await place("req-statuses-picked");
    const partial = await place("req-statuses-partial");
    for (const order of [approved, picked, partial]) {
      await server.ok("orders", { action: "approve", orderId: order.orderId }, clerk);
    }
    await server.ok("fulfilment", { action: "confirmPicked", orderId: picked.orderId, lines: [{ lineNo: 1, quantity: 2 }] }, warehouse);
    await server.ok("fulfilment", { action: "confirmPicked", orderId: partial.orderId, lines: [{ lineNo: 1, quantity: 1 }] }, warehouse);
    await server.ok(
      "fulfilment",
      { action: "ship", orderId: partial.orderId, requestId: "ship-statuses-partial", carrier: "SF", trackingNo: "SF1234567890123", isPartial: true },
      warehouse,
    );

    const ids = async (body: Record<string, unknown>) =>
      (await server.ok<Page<OrderView>>("orders", { action: "list", ...body }, shop)).items.map((item) => item.orderId).sort();

    expect(await ids({ statuses: ["approved", "picked"] })).toEqual([approved.orderId, picked.orderId].sort());
    expect(await ids({ statuses: ["partially_shipped", "shipped"] })).toEqual([partial.orderId]);
    expect(await ids({ statuses: ["delivered", "completed"] })).toEqual([]);
    expect(await ids({ status: "pending_review" })).toEqual([pending.orderId]);
    expect(await ids({ status: "picked" })).toEqual([picked.orderId]);
  });

  it("rejects bad statuses filters", async () => {
    server = await startTestServer();
    const token = await server.login("U-CLERK-ZHANG");

    for (const body of [
      { action: "list", statuses: [] },
      { action: "list", statuses: ["approved", "lost"] },
      { action: "list", statuses: "approved" },
      { action: "list", status: "approved", statuses: ["picked"] },
    ]) {
      const reply = await server.call("orders", body, token);
      expect(`${JSON.stringify(body)} ${reply.status}`).toBe(`${JSON.stringify(body)} 400`);
    }
  });

  it("finds one order by its number, within what the caller may see", async () => {
    server = await startTestServer();
    const shop = await server.login("U-CUST-SH");
    const order = await server.ok<OrderView>(
      "orders",
      { action: "place", requestId: "req-by-number", lines: [{ skuId: "KKKL-330", unit: "罐", quantity: 6 }] },
      shop,
    );
    await server.ok("orders", { action: "place", requestId: "req-by-number-2", lines: [{ skuId: "KKKL-330", unit: "罐", quantity: 6 }] }, shop);
    const clerk = await server.login("U-CLERK-ZHANG");
    const other = await server.login("U-CUST-HZ");

    const byClerk = await server.ok<Page<OrderView>>("orders", { action: "list", orderNo: order.orderNo.toLowerCase() }, clerk);
    const byOther = await server.ok<Page<OrderView>>("orders", { action: "list", orderNo: order.orderNo }, other);
    const bad = await server.call("orders", { action: "list", orderNo: "x" }, clerk);

    expect(byClerk.items.map((item) => item.orderId)).toEqual([order.orderId]);
    expect(byOther.items).toEqual([]);
    expect(bad.status).toBe(400);
  });
});
