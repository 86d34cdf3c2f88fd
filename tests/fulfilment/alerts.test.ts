import type { OrderView } from "../../shared/schemas/order";
import { startTestServer, type TestServer } from "../support/local-server";

// Elapsed time comes from stored instants, whatever the process time zone.
process.env.TZ = "UTC";

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const PLACED_AT = Date.parse("2026-12-03T23:30:00Z"); // 07:30 on 4 December, China time

interface AlertReport {
  raised: number;
  escalated: number;
  cleared: number;
  open: number;
}

describe("stuck-order alerts", () => {
  let server: TestServer;
  let clock = PLACED_AT;
  let manager: string;

  beforeEach(async () => {
    clock = PLACED_AT;
    server = await startTestServer({ now: () => clock });
    manager = await server.login("U-MGR-LIU");
  });

  afterEach(async () => {
    await server.stop();
  });

  function runAt(instant: number): Promise<AlertReport> {
    return server.ok<AlertReport>("alerts", { action: "run", now: new Date(instant).toISOString() }, manager);
  }

  async function alertIds(): Promise<string[]> {
    return (await server.app.store.listActiveAlerts()).map((alert) => alert.alertId);
  }

  async function place(): Promise<OrderView> {
    const customer = await server.login("U-CUST-SH");
    return server.ok<OrderView>(
      "orders",
      { action: "place", requestId: `req-alert-${clock}`, lines: [{ skuId: "KKKL-330", unit: "罐", quantity: 6 }] },
      customer,
    );
  }

  it("raises the review alert once at 24 hours and clears it on approval", async () => {
    const order = await place();

    expect(await runAt(PLACED_AT + 23 * HOUR + 59 * MINUTE)).toMatchObject({ raised: 0, open: 0 });
    expect(await alertIds()).toEqual([]);
    expect(await runAt(PLACED_AT + 24 * HOUR)).toMatchObject({ raised: 1, open: 1 });
    expect(await runAt(PLACED_AT + 24 * HOUR)).toMatchObject({ raised: 0, open: 1 });
    expect(await alertIds()).toEqual([`review_overdue:${order.orderId}`]);

    clock = PLACED_AT + 25 * HOUR;
    const clerk = await server.login("U-CLERK-ZHANG");
    await server.ok("orders", { action: "approve", orderId: order.orderId }, clerk);
    expect(await runAt(PLACED_AT + 25 * HOUR)).toMatchObject({ cleared: 1, open: 0 });
    expect(await alertIds()).toEqual([]);
  });

  it("escalates to the manager once after a further day", async () => {
    const order = await place();
    await runAt(PLACED_AT + 24 * HOUR);

    expect(await runAt(PLACED_AT + 47 * HOUR)).toMatchObject({ escalated: 0 });
    expect(await runAt(PLACED_AT + 48 * HOUR)).toMatchObject({ escalated: 1 });
    expect(await runAt(PLACED_AT + 72 * HOUR)).toMatchObject({ escalated: 0, raised: 0, open: 1 });
    const alert = await server.app.store.getAlert(`review_overdue:${order.orderId}`);
    expect(alert?.status).toBe("escalated");

    await server.ok("notifications", { action: "dispatch", now: new Date(PLACED_AT + 72 * HOUR).toISOString() }, manager);
    const inbox = await server.app.store.listInbox("U-MGR-LIU", { limit: 10 });
    expect(inbox.map((message) => message.template)).toEqual(["orderAlert"]);
    const clerkInbox = await server.app.store.listInbox("U-CLERK-ZHANG", { limit: 10 });
    expect(clerkInbox.map((message) => message.template)).toEqual(["orderAlert"]);
  });

  it("raises the shipping alert 48 hours after approval", async () => {
    const order = await place();
    const approvedAt = PLACED_AT + 2 * HOUR;
    clock = approvedAt;
    const clerk = await server.login("U-CLERK-ZHANG");
    await server.ok("orders", { action: "approve", orderId: order.orderId }, clerk);

    expect(await runAt(approvedAt + 47 * HOUR + 59 * MINUTE)).toMatchObject({ raised: 0 });
    expect(await runAt(approvedAt + 48 * HOUR)).toMatchObject({ raised: 1, open: 1 });
    expect(await runAt(approvedAt + 48 * HOUR)).toMatchObject({ raised: 0, open: 1 });
    expect(await alertIds()).toEqual([`ship_overdue:${order.orderId}`]);

    const warehouse = await server.login("U-WH-ZHAO");
    clock = approvedAt + 49 * HOUR;
    await server.ok("fulfilment", { action: "confirmPicked", orderId: order.orderId, lines: [{ lineNo: 1, quantity: 6 }] }, warehouse);
    expect(await runAt(approvedAt + 49 * HOUR)).toMatchObject({ open: 1, cleared: 0 });
    await server.ok("fulfilment", { action: "ship", orderId: order.orderId, requestId: "ship-alert-1", carrier: "SF", trackingNo: "SF1234567890123" }, warehouse);
    expect(await runAt(approvedAt + 49 * HOUR)).toMatchObject({ cleared: 1, open: 0 });
  });

  it("lets only a manager run the timer", async () => {
    const clerk = await server.login("U-CLERK-ZHANG");
    const reply = await server.call("alerts", { action: "run", now: new Date(PLACED_AT).toISOString() }, clerk);
    expect(reply.status).toBe(403);
    const badNow = await server.call("alerts", { action: "run", now: "yesterday" }, manager);
    expect(badNow.status).toBe(400);
  });
});
