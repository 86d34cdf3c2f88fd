import type { OrderView } from "../../shared/schemas/order";
import { startTestServer, type TestServer } from "../support/local-server";

let server: TestServer;
let clerk: string;

beforeEach(async () => {
  server = await startTestServer();
  clerk = await server.login("U-CLERK-ZHANG");
});

afterEach(async () => {
  await server.stop();
});

async function shopFor(customerId: string, overrides: Record<string, unknown>): Promise<string> {
  const customer = await server.app.store.getCustomer(customerId);
  if (!customer) throw new Error(`no ${customerId}`);
  await server.app.store.saveCustomer({ ...customer, ...overrides });
  const userId = `U-TEST-${customerId}`;
  await server.app.store.saveUser({ userId, name: "测试店主", role: "customer", customerId });
  return server.login(userId);
}

function place(token: string, requestId: string, cases: number) {
  // 可口可乐 330ml: 5,600 fen per 箱 at list price, 5,320 for C-SY-006's "new" tier (95%).
  return server.call<OrderView>("orders", { action: "place", requestId, lines: [{ skuId: "KKKL-330", unit: "箱", quantity: cases }] }, token);
}

describe("credit control", () => {
  it("lets only one of two concurrent orders through a limit they cross together", async () => {
    // A limit of 100,000 fen fits one 10-case order (53,200) but not two.
    const shop = await shopFor("C-SY-006", { paymentTerms: { kind: "monthly", creditLimitFen: 100_000, dueDays: 30 }, creditPolicy: "block" });

    const replies = await Promise.all([place(shop, "req-limit-a", 10), place(shop, "req-limit-b", 10)]);

    const codes = replies.map((reply) => (reply.body.ok ? "OK" : reply.body.error.code)).sort();
    expect(codes).toEqual(["CREDIT_BLOCKED", "OK"]);
    const exposure = await server.app.store.getCreditExposure("C-SY-006", Date.now());
    expect(exposure.openOrdersFen).toBe(53_200);
  });

  it("counts open orders and frees the room when one is cancelled", async () => {
    const shop = await shopFor("C-SY-006", { paymentTerms: { kind: "monthly", creditLimitFen: 100_000, dueDays: 30 }, creditPolicy: "block" });
    const first = await place(shop, "req-open-1", 10);
    expect(first.status).toBe(200);
    expect((await place(shop, "req-open-2", 10)).status).toBe(409);

    await server.ok("orders", { action: "cancel", orderId: first.body.ok ? first.body.data.orderId : "" }, shop);

    expect((await place(shop, "req-open-3", 10)).status).toBe(200);
  });

  it("allows a tolerance over the limit and refuses beyond it", async () => {
    const shop = await shopFor("C-SY-006", {
      paymentTerms: { kind: "monthly", creditLimitFen: 50_000, dueDays: 30 },
      creditPolicy: "tolerance",
      creditTolerancePct: 10,
    });

    const within = await place(shop, "req-tol-1", 10); // 53,200 is 6.4% over 50,000
    const beyond = await place(shop, "req-tol-2", 1); // 58,520 is 17% over

    expect(within.status).toBe(200);
    expect(within.body.ok && within.body.data.flags.map((flag) => flag.code)).toEqual(["OVER_CREDIT_LIMIT"]);
    expect(beyond.status).toBe(409);
    expect(!beyond.body.ok && beyond.body.error.code).toBe("CREDIT_BLOCKED");
  });

  it("details a hold for overdue debt", async () => {
    // C-BJ-005 owes 256,000 fen overdue and is far under its 2,000,000 limit.
    const shop = await shopFor("C-BJ-005", {});
    const placed = await place(shop, "req-hold-overdue", 1);
    const hold = placed.body.ok ? placed.body.data.flags.find((flag) => flag.code === "CREDIT_HOLD") : undefined;

    expect(hold?.details).toEqual({ overdueFen: 256_000 });
  });

  it("details a hold over the limit", async () => {
    const shop = await shopFor("C-SY-006", {
      paymentTerms: { kind: "monthly", creditLimitFen: 50_000, dueDays: 30 },
      creditPolicy: "hold",
    });
    const placed = await place(shop, "req-hold-limit", 10);
    const order = placed.body.ok ? placed.body.data : null;
    const hold = order?.flags.find((flag) => flag.code === "CREDIT_HOLD");

    expect(order?.flags.map((flag) => flag.code)).toEqual(["CREDIT_HOLD", "OVER_CREDIT_LIMIT"]);
    expect(hold?.details).toEqual({
      creditLimitFen: 50_000,
      outstandingFen: 0,
      openOrdersFen: 0,
      orderTotalFen: 53_200,
    });
  });

  it("holds an order under the hold policy until a clerk releases it", async () => {
    const shop = await shopFor("C-BJ-005", {});
    const placed = await place(shop, "req-hold-release", 1);
    const order = placed.body.ok ? placed.body.data : null;
    expect(order?.flags.map((flag) => flag.code)).toEqual(["CREDIT_HOLD", "OVERDUE_DEBT"]);

    const early = await server.call("orders", { action: "approve", orderId: order?.orderId }, clerk);
    expect(early.status).toBe(409);
    const byShop = await server.call("orders", { action: "releaseHold", orderId: order?.orderId, reason: "自己放行" }, shop);
    expect(byShop.status).toBe(403);

    const released = await server.ok<OrderView>("orders", { action: "releaseHold", orderId: order?.orderId, reason: "客户承诺本周付款" }, clerk);
    expect(released.flags.map((flag) => flag.code)).toEqual(["OVERDUE_DEBT"]);
    const approved = await server.ok<OrderView>("orders", { action: "approve", orderId: order?.orderId }, clerk);
    expect(approved.status).toBe("approved");
    const detail = await server.ok<OrderView>("orders", { action: "get", orderId: order?.orderId }, clerk);
    expect(detail.timeline?.map((event) => event.action)).toEqual(["order.placed", "order.credit_released", "order.approved"]);
  });
});
