import { dispatchDue, DEFAULT_DISPATCH_POLICY } from "../../server/notification/dispatcher";
import { outboxFor, shippedFields } from "../../server/notification/notices";
import { WeChatSubscribeSender, type OpenApiCall } from "../../server/notification/senders";
import * as field from "../../server/notification/wechat-fields";
import type { OrderRecord } from "../../server/store/records";
import { orderDraft } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/local-server";

describe("WeChat field rules", () => {
  const order: OrderRecord = {
    ...orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 1, createdAt: 0 }).order,
    orderNo: "SO20261204-0001",
    totalFen: 128051,
    lines: [
      {
        ...orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 1, createdAt: 0 }).order.lines[0],
        name: "东鹏 通体大理石瓷砖 800×800mm 哑光防滑 客厅卧室地砖",
      },
      ...Array.from({ length: 11 }, (_, i) => ({
        ...orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 1, createdAt: 0 }).order.lines[0],
        lineNo: i + 2,
      })),
    ],
  };

  it("fits a long goods summary, a 15-character tracking number and odd fen", () => {
    const fields = shippedFields(order, {
      carrierName: "京东物流（大件配送专线服务）",
      trackingNo: "JDVA00012345678",
      at: Date.parse("2026-12-03T23:30:00Z"),
    });

    for (const [key, value] of Object.entries(fields)) {
      expect(`${key}=${value} ${field.fitsFieldRule(key, value)}`).toBe(`${key}=${value} true`);
    }
    expect([...fields.thing2].length).toBeLessThanOrEqual(20);
    expect(fields.thing2.endsWith("等12种")).toBe(true);
    expect(fields.character_string4).toBe("JDVA00012345678");
    expect(fields.time5).toBe("2026年12月04日 07:30");
  });

  it("moves an own-vehicle plate into the carrier field", () => {
    const fields = shippedFields(order, {
      carrierName: "自有车辆配送",
      trackingNo: "粤A12345",
      at: Date.parse("2026-12-03T23:30:00Z"),
    });

    for (const [key, value] of Object.entries(fields)) {
      expect(`${key}=${value} ${field.fitsFieldRule(key, value)}`).toBe(`${key}=${value} true`);
    }
    expect(fields.thing3).toBe("自有车辆配送 粤A12345");
    expect(fields.character_string4).toBe("-");
  });

  it("shortens the carrier name, not the tracking number", () => {
    const trackingNo = "粤A12345-送货单0401";

    const value = field.carrierWithTrackingNo("自有车辆配送", trackingNo);

    expect(value).toBe(`自有车… ${trackingNo}`);
    expect(field.fitsFieldRule("thing3", value)).toBe(true);
    expect(field.carrierWithTrackingNo("自有车辆配送", "粤".repeat(25))).toBe(`${"粤".repeat(19)}…`);
  });

  it.each([
    [128051, "¥1280.51"],
    [1, "¥0.01"],
    [999_999_999_999, "¥9999999999"],
    [12_345_678_901, "¥123456789"],
  ])("formats %d fen as %s", (fen, text) => {
    expect(field.amount(fen)).toBe(text);
    expect(field.fitsFieldRule("amount3", field.amount(fen))).toBe(true);
  });

  it("shortens and cleans every kind of value", () => {
    expect(field.thing("一二三四五六七八九十一二三四五六七八九十二十一")).toBe("一二三四五六七八九十一二三四五六七八九…");
    expect(field.characterString("单号：SF 1234-5678 号")).toBe("SF1234-5678");
    expect(field.characterString("A".repeat(40))).toHaveLength(32);
    expect(field.phrase("已发货 (shipped)")).toBe("已发货");
    expect(field.phrase("部分已经发货了")).toBe("部分已经发");
    expect(field.phrase("ok")).toBe("无");
    expect(field.name("欧阳娜娜娜娜娜娜娜娜娜")).toHaveLength(10);
    expect(field.name("王建国（杭州西湖惠民便利店）")).toBe("王建国");
    expect(field.name("王建国（惠民店）")).toBe("王建国（惠民店）");
    expect(field.name("（杭州西湖惠民便利店收货处）")).toBe("（杭州西湖惠民便利店");
  });
});

describe("outbox dispatcher with the WeChat sender", () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
    await server.app.store.saveUser({ userId: "U-WX", name: "微信用户", role: "customer", customerId: "C-HZ-001", openid: "o-test-1" });
  });

  afterEach(async () => {
    await server.stop();
  });

  async function queueOne(now: number) {
    const [message] = outboxFor(["U-WX"], "orderShipped", { thing1: "测试" }, undefined, now);
    await server.app.store.saveNotifications([message], []);
    return message;
  }

  // WeChat's servers cannot be reached here, so the open-API call is the
  // one thing replaced: it returns the replies WeChat documents.
  function fakeWeChat(replies: unknown[]): { call: OpenApiCall; calls: number } {
    const state = { calls: 0, call: (async () => replies[Math.min(state.calls++, replies.length - 1)]) as OpenApiCall };
    return state;
  }

  it("retries transient failures and sends once", async () => {
    let now = Date.parse("2026-12-04T02:00:00Z");
    const runtime = { ...server.app.runtime, now: () => now };
    const message = await queueOne(now);
    await server.app.store.addSubscriptions("U-WX", "orderShipped", 1);
    const wechat = fakeWeChat([{ errcode: -1 }, { errcode: 45009 }, { errcode: 0 }]);
    const sender = new WeChatSubscribeSender(wechat.call, { WECHAT_TEMPLATE_ORDER_SHIPPED: "tmpl-shipped" });

    const reports = [];
    for (let run = 0; run < 5; run += 1) {
      reports.push(await dispatchDue(runtime, sender));
      now += 60 * 60 * 1000;
    }

    expect(wechat.calls).toBe(3);
    expect(reports.map((r) => [r.sent, r.retried, r.failed])).toEqual([[0, 1, 0], [0, 1, 0], [1, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expect(await server.app.store.countSubscriptions("U-WX", "orderShipped")).toBe(0);
    const inbox = await server.app.store.listInbox("U-WX", { limit: 10 });
    expect(inbox.map((m) => [m.messageId, m.delivery])).toEqual([[message.messageId, "sent"]]);
  });

  it("ends a not-subscribed message without retrying", async () => {
    const now = Date.parse("2026-12-04T02:00:00Z");
    const runtime = { ...server.app.runtime, now: () => now };
    await queueOne(now);
    await server.app.store.addSubscriptions("U-WX", "orderShipped", 1);
    const wechat = fakeWeChat([{ errcode: 43101, errmsg: "user refuse to accept the msg" }]);
    const sender = new WeChatSubscribeSender(wechat.call, { WECHAT_TEMPLATE_ORDER_SHIPPED: "tmpl-shipped" });

    const first = await dispatchDue(runtime, sender);
    const later = await dispatchDue({ ...runtime, now: () => now + 86_400_000 }, sender);

    expect(first).toEqual({ sent: 0, retried: 0, failed: 1, skipped: 0 });
    expect(later).toEqual({ sent: 0, retried: 0, failed: 0, skipped: 0 });
    expect(wechat.calls).toBe(1);
    const [entry] = await server.app.store.listInbox("U-WX", { limit: 10 });
    expect(entry.delivery).toBe("not_subscribed");
  });

  it("does not call WeChat without a subscription left", async () => {
    const now = Date.parse("2026-12-04T02:00:00Z");
    await queueOne(now);
    const wechat = fakeWeChat([{ errcode: 0 }]);
    const sender = new WeChatSubscribeSender(wechat.call, { WECHAT_TEMPLATE_ORDER_SHIPPED: "tmpl-shipped" });

    const report = await dispatchDue({ ...server.app.runtime, now: () => now }, sender);

    expect(report.failed).toBe(1);
    expect(wechat.calls).toBe(0);
  });

  it("sends once when two dispatchers overlap", async () => {
    const now = Date.parse("2026-12-04T02:00:00Z");
    const runtime = { ...server.app.runtime, now: () => now };
    for (let i = 0; i < 5; i += 1) await queueOne(now);
    await server.app.store.addSubscriptions("U-WX", "orderShipped", 10);
    // Each send waits, so the second dispatcher lists the same due
    // messages while the first is still sending.
    let calls = 0;
    const slowWeChat: OpenApiCall = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { errcode: 0 };
    };
    const sender = new WeChatSubscribeSender(slowWeChat, { WECHAT_TEMPLATE_ORDER_SHIPPED: "tmpl-shipped" });

    const reports = await Promise.all([dispatchDue(runtime, sender), dispatchDue(runtime, sender)]);

    expect(calls).toBe(5);
    expect(reports[0].sent + reports[1].sent).toBe(5);
    expect(reports[0].skipped + reports[1].skipped).toBe(5);
    expect(await server.app.store.countSubscriptions("U-WX", "orderShipped")).toBe(5);
    const inbox = await server.app.store.listInbox("U-WX", { limit: 20 });
    expect(inbox).toHaveLength(5);
  });

  it("gives up after the last attempt", async () => {
    let now = Date.parse("2026-12-04T02:00:00Z");
    const runtime = { ...server.app.runtime, now: () => now };
    await queueOne(now);
    await server.app.store.addSubscriptions("U-WX", "orderShipped", 1);
    const wechat = fakeWeChat([{ errcode: -1 }]);
    const sender = new WeChatSubscribeSender(wechat.call, { WECHAT_TEMPLATE_ORDER_SHIPPED: "tmpl-shipped" });

    for (let run = 0; run < DEFAULT_DISPATCH_POLICY.maxAttempts + 2; run += 1) {
      await dispatchDue(runtime, sender);
      now += 3 * 60 * 60 * 1000;
    }

    expect(wechat.calls).toBe(DEFAULT_DISPATCH_POLICY.maxAttempts);
    // The authorisation is given back because WeChat never delivered the message.
    expect(await server.app.store.countSubscriptions("U-WX", "orderShipped")).toBe(1);
    const [entry] = await server.app.store.listInbox("U-WX", { limit: 10 });
    expect(entry.delivery).toBe("failed");
  });

  it("keeps an own-vehicle plate whole in both copies", async () => {
    const customer = await server.login("U-CUST-HZ");
    const clerk = await server.login("U-CLERK-ZHANG");
    const warehouse = await server.login("U-WH-ZHAO");
    const order = await server.ok<{ orderId: string }>(
      "orders",
      { action: "place", requestId: "req-notice-plate", lines: [{ skuId: "KKKL-330", unit: "箱", quantity: 1 }] },
      customer,
    );
    await server.ok("orders", { action: "approve", orderId: order.orderId }, clerk);
    await server.ok("fulfilment", { action: "confirmPicked", orderId: order.orderId, lines: [{ lineNo: 1, quantity: 1 }] }, warehouse);
    await server.ok("fulfilment", { action: "ship", orderId: order.orderId, requestId: "ship-notice-plate", carrier: "OWN", trackingNo: "粤A12345" }, warehouse);
    await server.app.store.addSubscriptions("U-WX", "orderShipped", 1);
    const requests: { template_id: string; data: Record<string, { value: string }> }[] = [];
    const wechat: OpenApiCall = async (_path, body) => {
      requests.push(body as (typeof requests)[number]);
      return { errcode: 0 };
    };
    const sender = new WeChatSubscribeSender(wechat, { WECHAT_TEMPLATE_ORDER_SHIPPED: "tmpl-shipped" });

    await dispatchDue(server.app.runtime, sender);

    const sent = requests.find((request) => request.template_id === "tmpl-shipped");
    expect(sent?.data.thing3.value).toBe("自有车辆配送 粤A12345");
    expect(sent?.data.character_string4.value).toBe("-");
    for (const [key, { value }] of Object.entries(sent?.data ?? {})) {
      expect(`${key}=${value} ${field.fitsFieldRule(key, value)}`).toBe(`${key}=${value} true`);
    }
    const inbox = await server.app.store.listInbox("U-WX", { limit: 10 });
    const notice = inbox.find((message) => message.template === "orderShipped" && message.orderId === order.orderId);
    expect(notice?.delivery).toBe("sent");
    expect(notice?.fields.thing3).toBe("自有车辆配送");
    expect(notice?.fields.character_string4).toBe("粤A12345");
  });

  it("keeps the order shipped when its notices fail", async () => {
    const customer = await server.login("U-CUST-HZ");
    const clerk = await server.login("U-CLERK-ZHANG");
    const warehouse = await server.login("U-WH-ZHAO");
    const order = await server.ok<{ orderId: string }>(
      "orders",
      { action: "place", requestId: "req-notice-fail", lines: [{ skuId: "KKKL-330", unit: "箱", quantity: 1 }] },
      customer,
    );
    await server.ok("orders", { action: "approve", orderId: order.orderId }, clerk);
    await server.ok("fulfilment", { action: "confirmPicked", orderId: order.orderId, lines: [{ lineNo: 1, quantity: 1 }] }, warehouse);
    await server.ok("fulfilment", { action: "ship", orderId: order.orderId, requestId: "ship-notice-fail", carrier: "SF", trackingNo: "SF1234567890123" }, warehouse);
    await server.app.store.addSubscriptions("U-WX", "orderShipped", 1);
    const wechat = fakeWeChat([{ errcode: 43101 }]);
    const sender = new WeChatSubscribeSender(wechat.call, {
      WECHAT_TEMPLATE_ORDER_SHIPPED: "tmpl-shipped",
      WECHAT_TEMPLATE_ORDER_APPROVED: "tmpl-approved",
    });

    const report = await dispatchDue(server.app.runtime, sender);

    expect(report.sent).toBe(0);
    expect(report.failed).toBeGreaterThanOrEqual(2);
    expect(wechat.calls).toBe(1);
    expect((await server.app.store.getOrder(order.orderId))?.status).toBe("shipped");
  });
});
