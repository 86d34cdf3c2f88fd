/**
 * Amendment and claim races on the CloudBase adapter, against the local
 * recording endpoint on 127.0.0.1. Every store call is a real HTTP round
 * trip, so concurrent service calls interleave as they would in CloudBase.
 */
import tcb from "@cloudbase/node-sdk";

import type { Caller } from "../../server/core/caller";
import { createLogger } from "../../server/core/logger";
import type { Runtime } from "../../server/core/runtime";
import { seedDemoData } from "../../server/demo/seed";
import { dispatchDue } from "../../server/notification/dispatcher";
import type { MessageSender } from "../../server/notification/senders";
import { amendOrder } from "../../server/ordering/amend";
import { placeOrder } from "../../server/ordering/place";
import { transitionOrder } from "../../server/ordering/transitions";
import { createCloudBaseFinanceStore, createCloudBaseStore, type CloudBaseStore } from "../../server/store/cloudbase";
import type { OutboxRecord } from "../../server/store/records";
import { startCloudBaseEndpoint, type CloudBaseEndpoint } from "../support/cloudbase-endpoint";

const T0 = Date.parse("2026-12-04T02:00:00Z");
const CLERK: Caller = { userId: "U-CLERK-ZHANG", name: "张晓（内勤）", role: "clerk" };
const SHANGHAI: Caller = { userId: "U-CUST-SH", name: "陈静", role: "customer", customerId: "C-SH-002" };
const HANGZHOU: Caller = { userId: "U-CUST-HZ", name: "王建国", role: "customer", customerId: "C-HZ-001" };

let endpoint: CloudBaseEndpoint;
let store: CloudBaseStore;
let runtime: Runtime;
let serial = 0;

beforeAll(async () => {
  process.env.TENCENTCLOUD = "true";
  endpoint = await startCloudBaseEndpoint();
  const app = tcb.init({ env: "test-env", serviceUrl: endpoint.url, secretId: "x", secretKey: "y" });
  store = createCloudBaseStore({ app });
  runtime = {
    store,
    now: () => T0,
    logger: createLogger(),
    finance: createCloudBaseFinanceStore({ app }),
  };
  await seedDemoData(store, T0);
}, 60_000);

afterAll(async () => {
  await endpoint.close();
});

async function placeApproved(caller: Caller, lines: { skuId: string; unit: string; quantity: number }[]) {
  serial += 1;
  const order = await placeOrder(runtime, caller, { requestId: `req-race-${serial}`, lines });
  return transitionOrder(runtime, CLERK, "approve", { orderId: order.orderId });
}

async function settle<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises);
  return results.map((result) =>
    result.status === "fulfilled" ? "ok" : ((result.reason as { code?: string }).code ?? String(result.reason)),
  );
}

/** Stock rules on the stored documents: reserved within on-hand and equal to the active reservations. */
function stockViolations(skuId: string): string[] {
  const problems: string[] = [];
  const stock = endpoint.documents("stock").find((doc) => doc._id === skuId);
  const onHand = Number(stock?.onHand);
  const reserved = Number(stock?.reserved);
  const active = endpoint
    .documents("reservations")
    .filter((doc) => doc.skuId === skuId && doc.state === "active")
    .reduce((sum, doc) => sum + Number(doc.baseQuantity), 0);
  if (reserved < 0 || onHand < 0) problems.push(`${skuId}: negative ${onHand}/${reserved}`);
  if (reserved > onHand) problems.push(`${skuId}: reserved ${reserved} > on hand ${onHand}`);
  if (reserved !== active) problems.push(`${skuId}: reserved ${reserved} but active reservations ${active}`);
  return problems;
}

describe("CloudBase amendment races", () => {
  it("never oversells a scarce SKU", async () => {
    const orders = [];
    for (let i = 0; i < 4; i += 1) orders.push(await placeApproved(SHANGHAI, [{ skuId: "NFSQ-1500", unit: "箱", quantity: 1 }]));
    const before = endpoint.documents("stock").find((doc) => doc._id === "DP-6012");

    const codes = await settle<unknown>([
      ...orders.map((order) =>
        amendOrder(runtime, CLERK, {
          orderId: order.orderId,
          lines: [
            { skuId: "NFSQ-1500", unit: "箱", quantity: 1 },
            { skuId: "DP-6012", unit: "箱", quantity: 25 },
          ],
        }),
      ),
      ...[1, 2, 3].map(() => {
        serial += 1;
        return placeOrder(runtime, HANGZHOU, { requestId: `req-race-p-${serial}`, lines: [{ skuId: "DP-6012", unit: "片", quantity: 50 }] });
      }),
    ]);
    const after = endpoint.documents("stock").find((doc) => doc._id === "DP-6012");

    expect(codes.every((code) => ["ok", "INSUFFICIENT_STOCK", "ORDER_STATE_CONFLICT"].includes(code))).toBe(true);
    // 160 片 on hand against 350 wanted: some must win and some lose.
    expect(codes).toContain("ok");
    expect(codes).toContain("INSUFFICIENT_STOCK");
    expect(Number(after?.reserved) - Number(before?.reserved)).toBe(codes.filter((code) => code === "ok").length * 50);
    expect(stockViolations("DP-6012")).toEqual([]);
    expect(stockViolations("NFSQ-1500")).toEqual([]);
  }, 60_000);

  it("lets one amendment of an order win", async () => {
    const order = await placeApproved(SHANGHAI, [{ skuId: "NFSQ-1500", unit: "箱", quantity: 1 }]);
    const codes = await settle(
      [6, 12, 18].map((quantity) =>
        amendOrder(runtime, CLERK, {
          orderId: order.orderId,
          lines: [
            { skuId: "NFSQ-1500", unit: "箱", quantity: 1 },
            { skuId: "KKKL-330", unit: "罐", quantity },
          ],
        }),
      ),
    );
    expect(codes.filter((code) => code === "ok").length).toBeGreaterThanOrEqual(1);
    expect(codes.filter((code) => code !== "ok").every((code) => code === "ORDER_STATE_CONFLICT")).toBe(true);
    expect(stockViolations("KKKL-330")).toEqual([]);
    const reservations = endpoint.documents("reservations").filter((doc) => doc.orderId === order.orderId);
    expect(reservations.filter((doc) => doc.skuId === "KKKL-330").length).toBe(1);
  }, 60_000);

  it("keeps amend racing cancel consistent", async () => {
    for (let i = 0; i < 3; i += 1) {
      const order = await placeApproved(SHANGHAI, [{ skuId: "NFSQ-1500", unit: "箱", quantity: 1 }]);
      await settle<unknown>([
        amendOrder(runtime, CLERK, {
          orderId: order.orderId,
          lines: [
            { skuId: "NFSQ-1500", unit: "箱", quantity: 1 },
            { skuId: "QF-130", unit: "提", quantity: 1 },
          ],
        }),
        transitionOrder(runtime, CLERK, "cancel", { orderId: order.orderId, reason: "撤单" }),
      ]);
      const stored = await store.getOrder(order.orderId);
      expect(stored?.status).toBe("cancelled");
      const active = endpoint.documents("reservations").filter((doc) => doc.orderId === order.orderId && doc.state === "active");
      expect(active).toEqual([]);
      expect(stockViolations("QF-130")).toEqual([]);
    }
  }, 60_000);
});

describe("CloudBase amendment credit", () => {
  it("keeps two amendments within the limit", async () => {
    const a = await placeApproved(HANGZHOU, [{ skuId: "NFSQ-550", unit: "箱", quantity: 1 }]);
    const b = await placeApproved(HANGZHOU, [{ skuId: "NFSQ-550", unit: "箱", quantity: 1 }]);
    const record = await store.getCustomer("C-HZ-001");
    if (!record) throw new Error("missing C-HZ-001");
    const exposure = await store.getCreditExposure("C-HZ-001", T0);
    const limit = exposure.outstandingFen + (exposure.openOrdersFen ?? 0) + 15_000;
    await store.saveCustomer({ ...record, paymentTerms: { kind: "monthly", creditLimitFen: limit, dueDays: 30 } });
    const lines = [
      { skuId: "NFSQ-550", unit: "箱", quantity: 1 },
      { skuId: "KKKL-330", unit: "罐", quantity: 44 },
    ];

    const codes = await settle<unknown>([
      amendOrder(runtime, CLERK, { orderId: a.orderId, lines }),
      amendOrder(runtime, CLERK, { orderId: b.orderId, lines }),
    ]);
    const after = await store.getCreditExposure("C-HZ-001", T0);
    const exposureFen = after.outstandingFen + (after.openOrdersFen ?? 0);

    expect({ codes, overLimitByFen: Math.max(0, exposureFen - limit) }).toEqual({
      codes: expect.arrayContaining(["CREDIT_BLOCKED"]),
      overLimitByFen: 0,
    });
  }, 60_000);
});

describe("CloudBase outbox claims", () => {
  it("sends once with three dispatchers", async () => {
    const messages: OutboxRecord[] = Array.from({ length: 12 }, (_, index) => ({
      messageId: `msg-race-${String(index).padStart(3, "0")}`,
      recipientUserId: "U-CUST-SH",
      template: "orderApproved",
      fields: { thing1: `订单 ${index}` },
      status: "pending",
      attempts: 0,
      nextAttemptAt: T0 - 1,
      createdAt: T0 - 60_000,
    }));
    await store.saveNotifications(messages, []);
    const sends: string[] = [];
    const sender: MessageSender = {
      requiresSubscription: false,
      async send(msg) {
        sends.push(msg.messageId);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        return { kind: "sent" };
      },
    };
    await Promise.all([1, 2, 3].map(() => dispatchDue(runtime, sender)));
    const ours = sends.filter((id) => id.startsWith("msg-race-"));
    expect(ours.length).toBe(12);
    expect(new Set(ours).size).toBe(12);
    const stored = endpoint.documents("outbox").filter((doc) => String(doc._id).startsWith("msg-race-"));
    expect(stored.every((doc) => doc.status === "sent")).toBe(true);
  }, 60_000);
});
