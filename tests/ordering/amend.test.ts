import { chinaDate } from "../../shared/china-time";
import { formatFen, formatYuan } from "../../shared/money";
import type { Page as ListPage } from "../../shared/schemas/common";
import type { OrderView, Quote } from "../../shared/schemas/order";
import type { ProductRankingRow } from "../../shared/schemas/reports";
import { fitsFieldRule } from "../../server/notification/wechat-fields";
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

async function onHand(skuId: string): Promise<number> {
  const [row] = await server.app.store.getStock([skuId]);
  return row.onHand;
}

/** Places 2 箱 of 1.5 L water and 5 瓶 of 550 ml water, then approves it. */
const DEFAULT_LINES = [
  { skuId: "NFSQ-1500", unit: "箱", quantity: 2 },
  { skuId: "NFSQ-550", unit: "瓶", quantity: 5 },
];

async function placeApproved(lines = DEFAULT_LINES): Promise<OrderView> {
  serial += 1;
  const order = await server.ok<OrderView>(
    "orders",
    { action: "place", requestId: `req-amend-${serial}`, lines },
    customer,
  );
  return server.ok<OrderView>("orders", { action: "approve", orderId: order.orderId }, clerk);
}

/**
 * Amends the order to `cases` 箱 of NFSQ-1500 only, sends the outbox and
 * returns the amended order with the customer's "order amended" notice.
 */
async function amendAndReadNotice(order: OrderView, cases: number) {
  const amended = await server.ok<OrderView>(
    "orders",
    { action: "amend", orderId: order.orderId, lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: cases }] },
    clerk,
  );
  const manager = await server.login("U-MGR-LIU");
  await server.ok("notifications", { action: "dispatch" }, manager);

  const inbox = await server.ok<{ items: { template: string; orderId?: string; fields: Record<string, string> }[] }>(
    "notifications",
    { action: "inbox", limit: 50 },
    customer,
  );
  const notice = inbox.items.find((item) => item.orderId === order.orderId && item.template === "orderAmended");
  return { amended, notice };
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

  it("tells the customer the new and old totals", async () => {
    const order = await placeApproved();
    const { amended, notice } = await amendAndReadNotice(order, 5);
    expect(notice?.fields.character_string1).toBe(order.orderNo);
    expect(notice?.fields.amount3).toBe(`¥${(amended.totalFen / 100).toFixed(2)}`);
    expect(notice?.fields.thing4).toBe(formatYuan(order.totalFen));
    await cancel(order.orderId);
  });

  it("writes grouped totals within field rules", async () => {
    const order = await placeApproved([{ skuId: "NFSQ-1500", unit: "箱", quantity: 40 }]);
    const { amended, notice } = await amendAndReadNotice(order, 60);
    expect(order.totalFen).toBeGreaterThanOrEqual(100_000);
    expect(notice?.fields.amount3).toBe(`¥${formatFen(amended.totalFen)}`);
    expect(notice?.fields.thing4).toBe(formatYuan(order.totalFen));
    expect(notice?.fields.thing4).toContain(",");
    for (const [key, value] of Object.entries(notice?.fields ?? {})) {
      expect(`${key}=${value} ${fitsFieldRule(key, value)}`).toBe(`${key}=${value} true`);
    }
    await cancel(order.orderId);
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
    [
      "the same line twice",
      [
        { skuId: "NFSQ-1500", unit: "箱", quantity: 1 },
        { skuId: "NFSQ-1500", unit: "箱", quantity: 2 },
      ],
      "duplicate_line",
    ],
    [
      "the same added line twice",
      [
        { skuId: "NFSQ-1500", unit: "箱", quantity: 2 },
        { skuId: "KKKL-330", unit: "罐", quantity: 6 },
        { skuId: "KKKL-330", unit: "罐", quantity: 12 },
      ],
      "duplicate_line",
    ],
    ["an added SKU not in the catalog", [{ skuId: "NO-SUCH-SKU", unit: "箱", quantity: 1 }], "unknown_sku"],
    ["an added unit the SKU lacks", [{ skuId: "KKKL-330", unit: "袋", quantity: 1 }], "unknown_unit"],
    // Cement is sold from 10 袋 in steps of 10.
    ["an added quantity off the step", [{ skuId: "HL-PO425", unit: "袋", quantity: 15 }], "quantity_step"],
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

  it("flags an amendment within the tolerance", async () => {
    const shop = await server.login("U-CUST-HZ");
    const order = await server.ok<OrderView>(
      "orders",
      { action: "place", requestId: "req-amend-tolerance", lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 1 }] },
      shop,
    );
    await server.ok("orders", { action: "approve", orderId: order.orderId }, clerk);
    const hangzhou = await server.app.store.getCustomer("C-HZ-001");
    if (!hangzhou) throw new Error("demo customer C-HZ-001 is missing");
    // The limit sits 100 yuan above everything else the customer owes or has open.
    const exposure = await server.app.store.getCreditExposure("C-HZ-001", Date.now());
    const othersFen = exposure.outstandingFen + (exposure.openOrdersFen ?? 0) - order.totalFen;
    await server.app.store.saveCustomer({
      ...hangzhou,
      creditPolicy: "tolerance",
      creditTolerancePct: 20,
      paymentTerms: { kind: "monthly", creditLimitFen: othersFen + 10_000, dueDays: 30 },
    });

    // 4 箱 at 28 yuan is 112 yuan: over the 100-yuan room, within 20 %.
    const within = await server.ok<OrderView>(
      "orders",
      { action: "amend", orderId: order.orderId, lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 4 }] },
      clerk,
    );
    // 5 箱 is 140 yuan, beyond the tolerance.
    const beyond = await server.call(
      "orders",
      { action: "amend", orderId: order.orderId, lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 5 }] },
      clerk,
    );

    expect(within.totalFen).toBe(11_200);
    expect(within.flags.map((flag) => flag.code)).toContain("OVER_CREDIT_LIMIT");
    expect(errorOf(beyond)?.code).toBe("CREDIT_BLOCKED");
    await server.app.store.saveCustomer(hangzhou);
    await cancel(order.orderId);
  });
});

describe("orders.amend adding lines", () => {
  /** Lists each reservation of an order as [lineNo, skuId, baseQuantity, state]. */
  async function reservationsOf(orderId: string) {
    return (await server.app.store.getReservations(orderId)).map((item) => [
      item.lineNo,
      item.skuId,
      item.baseQuantity,
      item.state,
    ]);
  }

  it("reserves an added line's base units", async () => {
    const order = await placeApproved();
    const [cases, bottles] = order.lines;
    const cansBefore = await reserved("KKKL-330");
    const quote = await server.ok<Quote>(
      "orders",
      { action: "quote", lines: [{ skuId: "KKKL-330", unit: "提", quantity: 3 }] },
      customer,
    );

    const amended = await server.ok<OrderView>(
      "orders",
      {
        action: "amend",
        orderId: order.orderId,
        lines: [
          { skuId: "NFSQ-1500", unit: "箱", quantity: 2 },
          { skuId: "NFSQ-550", unit: "瓶", quantity: 5 },
          { skuId: "KKKL-330", unit: "提", quantity: 3 },
        ],
      },
      clerk,
    );

    expect(amended.lines).toHaveLength(3);
    const added = amended.lines[2];
    expect(added.lineNo).toBe(3);
    expect(added.skuId).toBe("KKKL-330");
    expect(added.unit).toBe("提");
    expect(added.quantity).toBe(3);
    expect(added.baseQuantity).toBe(18);
    expect(added.priceFen).toBe(quote.lines[0].priceFen);
    expect(added.priceSource).toBe(quote.lines[0].priceSource);
    expect(added.amountFen).toBe(quote.lines[0].amountFen);
    expect(amended.totalFen).toBe(order.totalFen + quote.lines[0].amountFen);
    expect(await reserved("KKKL-330")).toBe(cansBefore + 18);
    expect(await onHand("KKKL-330")).toBe(24 * 120);
    expect(await reservationsOf(order.orderId)).toEqual([
      [1, "NFSQ-1500", 24, "active"],
      [2, "NFSQ-550", 5, "active"],
      [3, "KKKL-330", 18, "active"],
    ]);

    const detail = await server.ok<OrderView>("orders", { action: "get", orderId: order.orderId }, customer);
    const event = detail.timeline?.find((item) => item.action === "order.amended");
    expect(event?.data?.after).toEqual([
      { lineNo: cases.lineNo, skuId: "NFSQ-1500", unit: "箱", quantity: 2, priceFen: cases.priceFen },
      { lineNo: bottles.lineNo, skuId: "NFSQ-550", unit: "瓶", quantity: 5, priceFen: bottles.priceFen },
      { lineNo: 3, skuId: "KKKL-330", unit: "提", quantity: 3, priceFen: added.priceFen },
    ]);
    expect(event?.data?.afterTotalFen).toBe(amended.totalFen);

    await cancel(order.orderId);
    expect(await reserved("KKKL-330")).toBe(cansBefore);
  });

  it("prices added lines like placement", async () => {
    // C-HZ-001 is a core-tier customer with its own price for 550 ml water by the 箱.
    const shop = await server.login("U-CUST-HZ");
    serial += 1;
    const order = await server.ok<OrderView>(
      "orders",
      {
        action: "place",
        requestId: `req-amend-price-${serial}`,
        lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: 1 }],
      },
      shop,
    );
    await server.ok("orders", { action: "approve", orderId: order.orderId }, clerk);
    const addedLines = [
      { skuId: "NFSQ-550", unit: "箱", quantity: 2 },
      { skuId: "KKKL-330", unit: "罐", quantity: 6 },
    ];
    const quote = await server.ok<Quote>("orders", { action: "quote", lines: addedLines }, shop);

    const amended = await server.ok<OrderView>(
      "orders",
      {
        action: "amend",
        orderId: order.orderId,
        lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: 1 }, ...addedLines],
      },
      clerk,
    );

    expect(amended.lines[0].priceFen).toBe(order.lines[0].priceFen);
    expect(amended.lines.slice(1).map(({ priceFen, priceSource }) => ({ priceFen, priceSource }))).toEqual(
      quote.lines.map(({ priceFen, priceSource }) => ({ priceFen, priceSource })),
    );
    expect(amended.lines[1].priceSource).toBe("customer");
    expect(amended.lines[1].priceFen).toBe(2_800);
    expect(amended.lines[2].priceSource).toBe("tier");
    expect(amended.totalFen).toBe(order.totalFen + quote.totalFen);
    await cancel(order.orderId);
  });

  it("rejects a short added line and changes nothing", async () => {
    const order = await placeApproved();
    const teaBefore = await reserved("KSF-BHC-500");
    const freeCases = Math.floor((15 * 60 - teaBefore) / 15);

    const reply = await server.call(
      "orders",
      {
        action: "amend",
        orderId: order.orderId,
        lines: [
          { skuId: "NFSQ-1500", unit: "箱", quantity: 3 },
          { skuId: "KSF-BHC-500", unit: "箱", quantity: freeCases + 1 },
        ],
      },
      clerk,
    );

    expect(reply.status).toBe(409);
    expect(errorOf(reply)?.code).toBe("INSUFFICIENT_STOCK");
    expect(errorOf(reply)?.details).toEqual([
      { skuId: "KSF-BHC-500", unit: "箱", requested: freeCases + 1, available: freeCases },
    ]);
    expect(await reserved("KSF-BHC-500")).toBe(teaBefore);
    expect(await reserved("NFSQ-1500")).toBe(24);
    expect(await reserved("NFSQ-550")).toBe(5);
    expect(await reservationsOf(order.orderId)).toEqual([
      [1, "NFSQ-1500", 24, "active"],
      [2, "NFSQ-550", 5, "active"],
    ]);
    const detail = await server.ok<OrderView>("orders", { action: "get", orderId: order.orderId }, clerk);
    expect(detail.lines.map((line) => line.quantity)).toEqual([2, 5]);
    expect(detail.totalFen).toBe(order.totalFen);
    expect(detail.timeline?.some((item) => item.action === "order.amended")).toBe(false);
    await cancel(order.orderId);
  });

  // The service reads stock before the store step. Reading 10,000 more
  // on hand than there is lets the service's check pass, as when another
  // order takes the stock in between, so the store's check rejects it.
  it.each([
    [
      "an added line",
      (freeCases: number) => [
        { skuId: "NFSQ-1500", unit: "箱", quantity: 2 },
        { skuId: "KSF-BHC-500", unit: "箱", quantity: freeCases + 1 },
      ],
      (freeCases: number) => ({ skuId: "KSF-BHC-500", unit: "箱", requested: freeCases + 1, available: freeCases }),
    ],
    [
      "a grown line beside an added one",
      () => [
        { skuId: "NFSQ-1500", unit: "箱", quantity: 81 },
        { skuId: "KKKL-330", unit: "罐", quantity: 6 },
      ],
      () => ({ skuId: "NFSQ-1500", unit: "箱", requested: 81, available: 80 }),
    ],
  ])("reports a shortage the store finds for %s", async (_case, linesOf, shortLineOf) => {
    const order = await placeApproved();
    const teaBefore = await reserved("KSF-BHC-500");
    const cansBefore = await reserved("KKKL-330");
    const freeCases = Math.floor((15 * 60 - teaBefore) / 15);
    const store = server.app.store;
    const readStock = store.getStock.bind(store);
    const spy = jest
      .spyOn(store, "getStock")
      .mockImplementation(async (skuIds) =>
        (await readStock(skuIds)).map((row) => ({ ...row, onHand: row.onHand + 10_000 })),
      );

    let reply;
    try {
      reply = await server.call(
        "orders",
        { action: "amend", orderId: order.orderId, lines: linesOf(freeCases) },
        clerk,
      );
    } finally {
      spy.mockRestore();
    }

    expect(reply.status).toBe(409);
    expect(errorOf(reply)?.code).toBe("INSUFFICIENT_STOCK");
    expect(errorOf(reply)?.details).toEqual([shortLineOf(freeCases)]);
    expect(await reserved("KSF-BHC-500")).toBe(teaBefore);
    expect(await reserved("KKKL-330")).toBe(cansBefore);
    expect(await reservationsOf(order.orderId)).toEqual([
      [1, "NFSQ-1500", 24, "active"],
      [2, "NFSQ-550", 5, "active"],
    ]);
    await cancel(order.orderId);
  });

  it("adds, removes and changes in one amendment", async () => {
    const order = await placeApproved();
    const cansBefore = await reserved("KKKL-330");

    const amended = await server.ok<OrderView>(
      "orders",
      {
        action: "amend",
        orderId: order.orderId,
        lines: [
          { skuId: "NFSQ-1500", unit: "箱", quantity: 3 },
          { skuId: "KKKL-330", unit: "箱", quantity: 1 },
        ],
      },
      clerk,
    );

    expect(amended.lines.map(({ lineNo, skuId, quantity, baseQuantity }) => [lineNo, skuId, quantity, baseQuantity])).toEqual([
      [1, "NFSQ-1500", 3, 36],
      [3, "KKKL-330", 1, 24],
    ]);
    expect(amended.totalFen).toBe(amended.lines[0].amountFen + amended.lines[1].amountFen);
    expect(await reserved("NFSQ-1500")).toBe(36);
    expect(await reserved("NFSQ-550")).toBe(0);
    expect(await reserved("KKKL-330")).toBe(cansBefore + 24);
    expect(await reservationsOf(order.orderId)).toEqual([
      [1, "NFSQ-1500", 36, "active"],
      [2, "NFSQ-550", 5, "released"],
      [3, "KKKL-330", 24, "active"],
    ]);

    // Line 3 goes and a line is added: it takes number 4, because line 3
    // keeps its released reservation.
    const again = await server.ok<OrderView>(
      "orders",
      {
        action: "amend",
        orderId: order.orderId,
        lines: [
          { skuId: "NFSQ-1500", unit: "箱", quantity: 3 },
          { skuId: "NFSQ-550", unit: "瓶", quantity: 2 },
        ],
      },
      clerk,
    );

    expect(again.lines.map((line) => line.lineNo)).toEqual([1, 4]);
    expect(await reserved("NFSQ-550")).toBe(2);
    expect(await reserved("KKKL-330")).toBe(cansBefore);
    await cancel(order.orderId);
    expect(await reserved("NFSQ-1500")).toBe(0);
    expect(await reserved("NFSQ-550")).toBe(0);
    expect(await reserved("KKKL-330")).toBe(cansBefore);
  });

  it("numbers an added line after removed ones", async () => {
    const order = await placeApproved();
    await server.ok<OrderView>(
      "orders",
      { action: "amend", orderId: order.orderId, lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: 2 }] },
      clerk,
    );

    const amended = await server.ok<OrderView>(
      "orders",
      {
        action: "amend",
        orderId: order.orderId,
        lines: [
          { skuId: "NFSQ-1500", unit: "箱", quantity: 2 },
          { skuId: "KKKL-330", unit: "罐", quantity: 6 },
        ],
      },
      clerk,
    );

    // Line 2 was removed but keeps its released reservation, so its number is not reused.
    expect(amended.lines.map((line) => line.lineNo)).toEqual([1, 3]);
    expect(await reservationsOf(order.orderId)).toEqual([
      [1, "NFSQ-1500", 24, "active"],
      [2, "NFSQ-550", 5, "released"],
      [3, "KKKL-330", 6, "active"],
    ]);
    await cancel(order.orderId);
  });

  it("counts an added line in reports", async () => {
    const manager = await server.login("U-MGR-LIU");
    const today = chinaDate(Date.now());
    async function dishSoapRow(): Promise<ProductRankingRow | undefined> {
      const page = await server.ok<ListPage<ProductRankingRow>>(
        "reports",
        { action: "productRanking", from: today, to: today, by: "quantity", limit: 100 },
        manager,
      );
      return page.items.find((row) => row.skuId === "LB-XJJ-1120");
    }
    const before = await dishSoapRow();
    const order = await placeApproved();

    await server.ok<OrderView>(
      "orders",
      {
        action: "amend",
        orderId: order.orderId,
        lines: [
          { skuId: "NFSQ-1500", unit: "箱", quantity: 2 },
          { skuId: "NFSQ-550", unit: "瓶", quantity: 5 },
          { skuId: "LB-XJJ-1120", unit: "瓶", quantity: 3 },
        ],
      },
      clerk,
    );

    const after = await dishSoapRow();
    expect(after?.baseQuantity).toBe((before?.baseQuantity ?? 0) + 3);
    expect(after?.lines).toBe((before?.lines ?? 0) + 1);
    await cancel(order.orderId);
  });

  it("ships an added line from its reservation", async () => {
    const warehouse = await server.login("U-WH-ZHAO");
    const order = await placeApproved();
    const cansOnHand = await onHand("KKKL-330");
    const cansReserved = await reserved("KKKL-330");
    await server.ok<OrderView>(
      "orders",
      {
        action: "amend",
        orderId: order.orderId,
        lines: [
          { skuId: "NFSQ-1500", unit: "箱", quantity: 2 },
          { skuId: "KKKL-330", unit: "提", quantity: 2 },
        ],
      },
      clerk,
    );

    await server.ok(
      "fulfilment",
      {
        action: "confirmPicked",
        orderId: order.orderId,
        lines: [
          { lineNo: 1, quantity: 2 },
          { lineNo: 3, quantity: 2 },
        ],
      },
      warehouse,
    );
    const shipped = await server.ok<OrderView>(
      "fulfilment",
      { action: "ship", orderId: order.orderId, requestId: `ship-amended-${order.orderId}`, carrier: "SF", trackingNo: "SF1234567890999" },
      warehouse,
    );

    expect(shipped.status).toBe("shipped");
    expect(await onHand("KKKL-330")).toBe(cansOnHand - 12);
    expect(await reserved("KKKL-330")).toBe(cansReserved);
    expect(await reservationsOf(order.orderId)).toEqual([
      [1, "NFSQ-1500", 24, "consumed"],
      [2, "NFSQ-550", 5, "released"],
      [3, "KKKL-330", 12, "consumed"],
    ]);
  });

  it("adds a unit of a SKU already ordered", async () => {
    const order = await placeApproved();

    const amended = await server.ok<OrderView>(
      "orders",
      {
        action: "amend",
        orderId: order.orderId,
        lines: [
          { skuId: "NFSQ-1500", unit: "箱", quantity: 2 },
          { skuId: "NFSQ-550", unit: "瓶", quantity: 5 },
          { skuId: "NFSQ-550", unit: "箱", quantity: 1 },
        ],
      },
      clerk,
    );

    expect(amended.lines.map(({ lineNo, unit }) => [lineNo, unit])).toEqual([
      [1, "箱"],
      [2, "瓶"],
      [3, "箱"],
    ]);
    expect(await reserved("NFSQ-550")).toBe(5 + 24);
    await cancel(order.orderId);
    expect(await reserved("NFSQ-550")).toBe(0);
  });

  it("checks an added line against the credit limit", async () => {
    // C-HZ-001 is core tier (90 % of list) and pays 28 yuan per 箱 of 550 ml water.
    const shop = await server.login("U-CUST-HZ");
    serial += 1;
    const order = await server.ok<OrderView>(
      "orders",
      {
        action: "place",
        requestId: `req-amend-credit-add-${serial}`,
        lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 1 }],
      },
      shop,
    );
    await server.ok("orders", { action: "approve", orderId: order.orderId }, clerk);
    const hangzhou = await server.app.store.getCustomer("C-HZ-001");
    if (!hangzhou) throw new Error("demo customer C-HZ-001 is missing");
    await server.app.store.saveCustomer({ ...hangzhou, paymentTerms: { kind: "monthly", creditLimitFen: 10_000, dueDays: 30 } });
    const cansBefore = await reserved("KKKL-330");

    // 2 箱 of cola at 50.40 yuan take the total to 128.80 yuan, over the 100-yuan limit.
    const over = await server.call(
      "orders",
      {
        action: "amend",
        orderId: order.orderId,
        lines: [
          { skuId: "NFSQ-550", unit: "箱", quantity: 1 },
          { skuId: "KKKL-330", unit: "箱", quantity: 2 },
        ],
      },
      clerk,
    );
    const within = await server.call<OrderView>(
      "orders",
      {
        action: "amend",
        orderId: order.orderId,
        lines: [
          { skuId: "NFSQ-550", unit: "箱", quantity: 1 },
          { skuId: "KKKL-330", unit: "罐", quantity: 6 },
        ],
      },
      clerk,
    );

    expect(over.status).toBe(409);
    expect(errorOf(over)?.code).toBe("CREDIT_BLOCKED");
    expect(within.status).toBe(200);
    expect(within.body.ok).toBe(true);
    expect(within.body.ok ? within.body.data.totalFen : undefined).toBe(2_800 + 6 * 225);
    expect(await reserved("KKKL-330")).toBe(cansBefore + 6);
    await server.app.store.saveCustomer(hangzhou);
    await cancel(order.orderId);
  });
});
