import type { OrderView, Quote } from "../../shared/schemas/order";
import type { StockView } from "../../shared/schemas/catalog";
import { bottleSku } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/local-server";

let server: TestServer;
let customer: string;
let clerk: string;
let warehouse: string;

beforeAll(async () => {
  server = await startTestServer();
  customer = await server.login("U-CUST-HZ");
  clerk = await server.login("U-CLERK-ZHANG");
  warehouse = await server.login("U-WH-ZHAO");
});

afterAll(async () => {
  await server.stop();
});

async function stock(skuId: string) {
  const [row] = await server.app.store.getStock([skuId]);
  return { ...row, available: row.onHand - row.reserved };
}

async function addScarceSku(skuId: string, cases: number): Promise<void> {
  await server.app.store.saveSku(bottleSku(skuId));
  await server.ok<StockView>(
    "catalog",
    { action: "receiveStock", skuId, unit: "箱", quantity: cases },
    warehouse,
  );
}

describe("orders.place", () => {
  it("reserves 48 瓶 for 2 箱 and shows the order in 箱", async () => {
    await addScarceSku("CASE-48", 10);

    const order = await server.ok<OrderView>(
      "orders",
      { action: "place", requestId: "req-case-48", lines: [{ skuId: "CASE-48", unit: "箱", quantity: 2 }] },
      customer,
    );

    expect(order.lines[0]).toMatchObject({ unit: "箱", quantity: 2, baseUnit: "瓶", baseQuantity: 48 });
    expect(await stock("CASE-48")).toMatchObject({ onHand: 240, reserved: 48, available: 192 });
    expect(order.status).toBe("pending_review");
    expect(order.channel).toBe("customer");
    expect(order.orderNo).toMatch(/^SO\d{8}-\d{4}$/);
  });

  it("lets exactly as many parallel orders succeed as stock allows", async () => {
    await addScarceSku("SCARCE-1", 10);
    const tokens = await Promise.all(
      ["U-CUST-HZ", "U-CUST-SH", "U-CUST-GZ"].map((id) => server.login(id)),
    );

    for (let round = 0; round < 5; round += 1) {
      const before = await stock("SCARCE-1");
      const attempts = 25;
      const replies = await Promise.all(
        Array.from({ length: attempts }, (_, i) =>
          server.call<OrderView>(
            "orders",
            {
              action: "place",
              requestId: `req-scarce-${round}-${i}`,
              lines: [{ skuId: "SCARCE-1", unit: "箱", quantity: 1 }],
            },
            tokens[i % tokens.length],
          ),
        ),
      );
      const succeeded = replies.filter((reply) => reply.body.ok);
      const failed = replies.filter((reply) => !reply.body.ok);
      const after = await stock("SCARCE-1");

      expect(succeeded).toHaveLength(before.available / 24);
      expect(failed.every((reply) => reply.status === 409)).toBe(true);
      expect(failed.every((r) => !r.body.ok && r.body.error.code === "INSUFFICIENT_STOCK")).toBe(true);
      expect(after.available).toBe(0);
      expect(after.onHand).toBe(after.available + after.reserved);
      expect(after.reserved - before.reserved).toBe(succeeded.length * 24);

      // Restock a different amount for the next round.
      await server.ok("catalog", { action: "receiveStock", skuId: "SCARCE-1", unit: "箱", quantity: 3 + round }, warehouse);
    }
  });

  it("returns one order for the same submit sent twice within 50 ms", async () => {
    await addScarceSku("DOUBLE-1", 5);
    const body = { action: "place", requestId: "req-double-tap-1", lines: [{ skuId: "DOUBLE-1", unit: "瓶", quantity: 7 }] };

    const first = server.call<OrderView>("orders", body, customer);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = server.call<OrderView>("orders", body, customer);
    const [a, b] = await Promise.all([first, second]);
    const concurrent = await Promise.all([1, 2, 3].map(() => server.call<OrderView>("orders", body, customer)));

    expect(a.body.ok && b.body.ok).toBe(true);
    const ids = [a, b, ...concurrent].map((reply) => (reply.body.ok ? reply.body.data.orderId : null));
    expect(new Set(ids).size).toBe(1);
    expect((await stock("DOUBLE-1")).reserved).toBe(7);
    const all = await server.app.store.listOrders({ customerIds: ["C-HZ-001"] }, { limit: 1000 });
    expect(all.filter((order) => order.requestId === "req-double-tap-1")).toHaveLength(1);
  });

  it("rejects a reused request id with different lines", async () => {
    await addScarceSku("REUSE-1", 5);
    await server.ok("orders", { action: "place", requestId: "req-reuse-1", lines: [{ skuId: "REUSE-1", unit: "瓶", quantity: 1 }] }, customer);

    const reply = await server.call("orders", { action: "place", requestId: "req-reuse-1", lines: [{ skuId: "REUSE-1", unit: "瓶", quantity: 2 }] }, customer);

    expect(reply.status).toBe(409);
    expect(!reply.body.ok && reply.body.error.code).toBe("IDEMPOTENCY_CONFLICT");
    expect((await stock("REUSE-1")).reserved).toBe(1);
  });

  it("names each short line in the unit the customer used", async () => {
    const reply = await server.call(
      "orders",
      {
        action: "place",
        requestId: "req-short-1",
        lines: [
          { skuId: "DP-800", unit: "箱", quantity: 101 },
          { skuId: "NFSQ-550", unit: "提", quantity: 1 },
        ],
      },
      customer,
    );

    expect(reply.status).toBe(409);
    expect(!reply.body.ok && reply.body.error.code).toBe("INSUFFICIENT_STOCK");
    expect(!reply.body.ok && reply.body.error.details).toEqual([
      { skuId: "DP-800", unit: "箱", requested: 101, available: 100 },
    ]);
    expect((await stock("DP-800")).reserved).toBe(0);
    expect((await stock("NFSQ-550")).reserved).toBe(0);
  });

  it("prices on the server and refuses client prices", async () => {
    const withPrice = await server.call(
      "orders",
      { action: "place", requestId: "req-price-1", lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 1, priceFen: 1 }] },
      customer,
    );
    expect(withPrice.status).toBe(400);
    expect(!withPrice.body.ok && withPrice.body.error.code).toBe("INVALID_INPUT");

    const quote = await server.ok<Quote>(
      "orders",
      { action: "quote", lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 3 }, { skuId: "NFSQ-550", unit: "瓶", quantity: 5 }] },
      customer,
    );
    // C-HZ-001 has a customer price of 2800 per 箱 and the core tier (90%) for 瓶.
    expect(quote.lines.map((line) => [line.priceFen, line.priceSource, line.amountFen])).toEqual([
      [2800, "customer", 8400],
      [135, "tier", 675],
    ]);
    expect(quote.totalFen).toBe(9075);
  });

  it("rejects units, SKUs and quantities the catalog does not define", async () => {
    const reply = await server.call(
      "orders",
      {
        action: "quote",
        lines: [
          { skuId: "NFSQ-550", unit: "大箱", quantity: 1 },
          { skuId: "NO-SUCH-SKU", unit: "瓶", quantity: 1 },
          { skuId: "HL-PO425", unit: "袋", quantity: 15 },
        ],
      },
      customer,
    );

    expect(reply.status).toBe(400);
    const details = !reply.body.ok ? (reply.body.error.details as { path: unknown[]; code: string }[]) : [];
    expect(details.map((issue) => [issue.path.join("."), issue.code])).toEqual([
      ["lines.0.unit", "unknown_unit"],
      ["lines.1.skuId", "unknown_sku"],
      ["lines.2.quantity", "quantity_step"],
    ]);
  });

  it("blocks a customer with overdue debt under the block policy", async () => {
    const token = await server.login("U-CUST-CD");
    const reply = await server.call(
      "orders",
      { action: "place", requestId: "req-overdue-1", lines: [{ skuId: "HL-PO425", unit: "袋", quantity: 10 }] },
      token,
    );

    expect(reply.status).toBe(409);
    expect(!reply.body.ok && reply.body.error.code).toBe("CREDIT_BLOCKED");
    expect(!reply.body.ok && (reply.body.error.details as { overdueFen: number }).overdueFen).toBe(1_280_050);
    expect((await stock("HL-PO425")).reserved).toBe(0);
  });

  it("places with a credit hold flag under the hold policy", async () => {
    const salesperson = await server.login("U-SALES-LI");
    const order = await server.ok<OrderView>(
      "orders",
      { action: "place", requestId: "req-hold-1", customerId: "C-BJ-005", lines: [{ skuId: "KKKL-330", unit: "箱", quantity: 2 }] },
      salesperson,
    );

    expect(order.flags.map((flag) => flag.code)).toEqual(["CREDIT_HOLD", "OVERDUE_DEBT"]);
    expect(order.channel).toBe("salesperson");
    expect(order.placedBy).toBe("U-SALES-LI");
  });

  it("lets a salesperson order only for assigned customers", async () => {
    const salesperson = await server.login("U-SALES-LI");
    const reply = await server.call(
      "orders",
      { action: "place", requestId: "req-unassigned-1", customerId: "C-GZ-003", lines: [{ skuId: "KKKL-330", unit: "罐", quantity: 1 }] },
      salesperson,
    );
    expect(reply.status).toBe(403);

    const missing = await server.call("orders", { action: "quote", lines: [{ skuId: "KKKL-330", unit: "罐", quantity: 1 }] }, clerk);
    expect(missing.status).toBe(400);
  });

  it("keeps a customer to their own account", async () => {
    const reply = await server.call(
      "orders",
      { action: "quote", customerId: "C-SH-002", lines: [{ skuId: "KKKL-330", unit: "罐", quantity: 1 }] },
      customer,
    );
    expect(reply.status).toBe(403);
  });
});
