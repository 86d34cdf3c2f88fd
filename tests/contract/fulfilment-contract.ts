import { AppError } from "../../shared/errors";
import type { Store } from "../../server/store/port";
import type { OrderLine } from "../../shared/schemas/order";
import type { AlertRecord, InboxRecord, OrderRecord, OutboxRecord } from "../../server/store/records";
import { bottleSku, orderDraft, testCustomer } from "../support/fixtures";
import type { OpenedStore } from "./store-contract";

const T0 = Date.parse("2026-12-04T02:00:00Z");

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "OK";
}

function outbox(messageId: string, overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    messageId,
    recipientUserId: "U-1",
    template: "orderShipped",
    fields: { character_string1: "SO20261204-0001" },
    status: "pending",
    attempts: 0,
    nextAttemptAt: T0,
    createdAt: T0,
    ...overrides,
  };
}

function inbox(messageId: string, userId: string, at: number): InboxRecord {
  return { messageId, userId, template: "orderShipped", title: "已发货", fields: {}, at };
}

/**
 * Order changes, notifications and alerts: the part of the Store port
 * that fulfilment and the timers use. Each adapter runs this suite too.
 */
export function describeFulfilmentContract(label: string, open: () => Promise<OpenedStore>): void {
  describe(`Store fulfilment contract: ${label}`, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
      await store.saveSku(bottleSku("SKU-A"));
      await store.saveCustomer(testCustomer("C-1"));
      await store.receiveStock({
        skuId: "SKU-A",
        baseQuantity: 100,
        event: {
          eventId: `evt_recv_${Math.random()}`,
          entityType: "stock",
          entityId: "SKU-A",
          action: "stock.received",
          actorId: "U-WH",
          actorRole: "warehouse",
          at: T0,
        },
      });
    });

    afterEach(async () => {
      await opened.cleanup();
    });

    async function placeForty() {
      const { order } = await store.placeOrder(
        orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 40, createdAt: T0 }),
      );
      return order;
    }

    function event(orderId: string, action: string) {
      return {
        eventId: `evt_${action}_${Math.random()}`,
        entityType: "order" as const,
        entityId: orderId,
        action,
        actorId: "U-WH",
        actorRole: "warehouse" as const,
        at: T0 + 10,
      };
    }

    describe("applyOrderChange", () => {
      it("ships part of a reservation with its messages and receivable, atomically", async () => {
        const order = await placeForty();
        const next = await store.applyOrderChange({
          orderId: order.orderId,
          expectedVersion: order.version ?? 0,
          next: { ...order, status: "partially_shipped", updatedAt: T0 + 10 },
          stockMoves: [{ skuId: "SKU-A", onHandDelta: -15, reservedDelta: -15 }],
          reservationChanges: [{ lineNo: 1, baseDelta: -15 }],
          events: [event(order.orderId, "order.shipped")],
          outbox: [outbox("msg-1")],
          inbox: [inbox("in-1", "U-1", T0 + 10)],
          receivables: [
            { receivableId: `rcv-${order.orderId}`, customerId: "C-1", orderId: order.orderId, amountFen: 2250, paidFen: 0, dueAt: T0 + 1 },
          ],
        });

        expect(next.status).toBe("partially_shipped");
        expect(next.version).toBe((order.version ?? 0) + 1);
        expect((await store.getOrder(order.orderId))?.status).toBe("partially_shipped");
        const [stock] = await store.getStock(["SKU-A"]);
        expect(stock).toEqual({ skuId: "SKU-A", onHand: 85, reserved: 25 });
        const [reservation] = await store.getReservations(order.orderId);
        expect(reservation).toMatchObject({ baseQuantity: 25, state: "active" });
        expect((await store.listDueMessages(T0, 10)).map((m) => m.messageId)).toEqual(["msg-1"]);
        expect((await store.listInbox("U-1", { limit: 10 })).map((m) => m.messageId)).toEqual(["in-1"]);
        const exposure = await store.getCreditExposure("C-1", T0 + 2);
        expect(exposure).toMatchObject({ outstandingFen: 2250, overdueFen: 2250 });
        // Adapters that count open orders count the 6000 fen order less the 2250 already owed.
        if (exposure.openOrdersFen !== undefined) expect(exposure.openOrdersFen).toBe(3750);
        const actions = (await store.getAuditTrail("order", order.orderId)).map((e) => e.action);
        expect(actions).toEqual(["order.placed", "order.shipped"]);
      });

      it("consumes the reservation when the rest ships", async () => {
        const order = await placeForty();
        await store.applyOrderChange({
          orderId: order.orderId,
          expectedVersion: 0,
          next: { ...order, status: "shipped" },
          stockMoves: [{ skuId: "SKU-A", onHandDelta: -40, reservedDelta: -40 }],
          reservationChanges: [{ lineNo: 1, baseDelta: -40 }],
          events: [event(order.orderId, "order.shipped")],
        });

        expect((await store.getReservations(order.orderId))[0].state).toBe("consumed");
        expect((await store.getStock(["SKU-A"]))[0]).toEqual({ skuId: "SKU-A", onHand: 60, reserved: 0 });
      });

      it("marks a reservation released when asked", async () => {
        const order = await placeForty();
        await store.applyOrderChange({
          orderId: order.orderId,
          expectedVersion: 0,
          next: { ...order, status: "cancelled" },
          stockMoves: [{ skuId: "SKU-A", onHandDelta: 0, reservedDelta: -40 }],
          reservationChanges: [{ lineNo: 1, baseDelta: -40, endState: "released" }],
          events: [event(order.orderId, "order.cancelled")],
        });

        expect((await store.getReservations(order.orderId))[0].state).toBe("released");
        expect((await store.getStock(["SKU-A"]))[0]).toEqual({ skuId: "SKU-A", onHand: 100, reserved: 0 });
      });

      it("rejects a change made from a stale version and changes nothing", async () => {
        const order = await placeForty();
        const change = {
          orderId: order.orderId,
          expectedVersion: 0,
          next: { ...order, status: "shipped" as const },
          stockMoves: [{ skuId: "SKU-A", onHandDelta: -40, reservedDelta: -40 }],
          reservationChanges: [{ lineNo: 1, baseDelta: -40 }],
          events: [event(order.orderId, "order.shipped")],
          outbox: [outbox("msg-twice")],
        };
        const results = await Promise.allSettled([
          store.applyOrderChange(change),
          store.applyOrderChange({ ...change, events: [event(order.orderId, "order.shipped")], outbox: [outbox("msg-twice-2")] }),
        ]);

        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        expect(await codeOf(store.applyOrderChange(change))).toBe("ORDER_STATE_CONFLICT");
        expect((await store.getStock(["SKU-A"]))[0]).toEqual({ skuId: "SKU-A", onHand: 60, reserved: 0 });
        expect(await store.listDueMessages(T0, 10)).toHaveLength(1);
      });

      it("rejects a stock move below zero and writes nothing", async () => {
        const order = await placeForty();
        const code = await codeOf(
          store.applyOrderChange({
            orderId: order.orderId,
            expectedVersion: 0,
            next: { ...order, status: "shipped" },
            stockMoves: [{ skuId: "SKU-A", onHandDelta: -140, reservedDelta: -40 }],
            events: [event(order.orderId, "order.shipped")],
            outbox: [outbox("msg-never")],
          }),
        );

        expect(code).toBe("INSUFFICIENT_STOCK");
        expect((await store.getOrder(order.orderId))?.status).toBe("pending_review");
        expect((await store.getStock(["SKU-A"]))[0]).toEqual({ skuId: "SKU-A", onHand: 100, reserved: 40 });
        expect(await store.listDueMessages(T0, 10)).toEqual([]);
      });

      it("reports a missing order as NOT_FOUND", async () => {
        const order = await placeForty();
        expect(
          await codeOf(
            store.applyOrderChange({ orderId: "ord_missing", expectedVersion: 0, next: { ...order, orderId: "ord_missing" }, events: [] }),
          ),
        ).toBe("NOT_FOUND");
      });
    });

    describe("applyOrderChange with added lines", () => {
      /** Adds SKU-B with 50 瓶 on hand. */
      async function stockSkuB(): Promise<void> {
        await store.saveSku(bottleSku("SKU-B"));
        await store.receiveStock({
          skuId: "SKU-B",
          baseQuantity: 50,
          event: {
            eventId: `evt_recv_b_${Math.random()}`,
            entityType: "stock",
            entityId: "SKU-B",
            action: "stock.received",
            actorId: "U-WH",
            actorRole: "warehouse",
            at: T0,
          },
        });
      }

      /** Builds an order line of `baseQuantity` 瓶 at 150 fen. */
      function bottleLine(lineNo: number, skuId: string, baseQuantity: number): OrderLine {
        return {
          lineNo,
          skuId,
          name: "测试矿泉水",
          specs: { 规格: "550ml" },
          unit: "瓶",
          factor: 1,
          quantity: baseQuantity,
          baseUnit: "瓶",
          baseQuantity,
          priceFen: 150,
          listPriceFen: 150,
          priceSource: "list",
          amountFen: 150 * baseQuantity,
        };
      }

      function withLines(order: OrderRecord, lines: OrderLine[]): OrderRecord {
        return { ...order, lines, totalFen: lines.reduce((sum, line) => sum + line.amountFen, 0), updatedAt: T0 + 10 };
      }

      it("reserves added lines with the other changes", async () => {
        await stockSkuB();
        const order = await placeForty();

        // Line 1 gives back 10 of SKU-A, and the added line 3 takes all
        // 70 left free after that, so it passes only after the move.
        const next = await store.applyOrderChange({
          orderId: order.orderId,
          expectedVersion: order.version ?? 0,
          next: withLines(order, [bottleLine(1, "SKU-A", 30), bottleLine(2, "SKU-B", 20), bottleLine(3, "SKU-A", 70)]),
          stockMoves: [{ skuId: "SKU-A", onHandDelta: 0, reservedDelta: -10 }],
          reservationChanges: [{ lineNo: 1, baseDelta: -10 }],
          addedReservations: [
            { lineNo: 2, skuId: "SKU-B", baseQuantity: 20 },
            { lineNo: 3, skuId: "SKU-A", baseQuantity: 70 },
          ],
          events: [event(order.orderId, "order.amended")],
        });

        expect(next.version).toBe((order.version ?? 0) + 1);
        expect((await store.getOrder(order.orderId))?.lines.map((line) => line.lineNo)).toEqual([1, 2, 3]);
        expect((await store.getStock(["SKU-A"]))[0]).toEqual({ skuId: "SKU-A", onHand: 100, reserved: 100 });
        expect((await store.getStock(["SKU-B"]))[0]).toEqual({ skuId: "SKU-B", onHand: 50, reserved: 20 });
        const reservations = await store.getReservations(order.orderId);
        expect(reservations.map(({ lineNo, skuId, baseQuantity, state }) => ({ lineNo, skuId, baseQuantity, state }))).toEqual([
          { lineNo: 1, skuId: "SKU-A", baseQuantity: 30, state: "active" },
          { lineNo: 2, skuId: "SKU-B", baseQuantity: 20, state: "active" },
          { lineNo: 3, skuId: "SKU-A", baseQuantity: 70, state: "active" },
        ]);
        const actions = (await store.getAuditTrail("order", order.orderId)).map((e) => e.action);
        expect(actions).toEqual(["order.placed", "order.amended"]);
      });

      it("releases added reservations on cancel", async () => {
        await stockSkuB();
        const order = await placeForty();
        const amended = await store.applyOrderChange({
          orderId: order.orderId,
          expectedVersion: 0,
          next: withLines(order, [bottleLine(1, "SKU-A", 40), bottleLine(2, "SKU-B", 20)]),
          addedReservations: [{ lineNo: 2, skuId: "SKU-B", baseQuantity: 20 }],
          events: [event(order.orderId, "order.amended")],
        });

        await store.transitionOrder({
          orderId: amended.orderId,
          from: ["pending_review"],
          to: "cancelled",
          releaseReservations: true,
          event: event(order.orderId, "order.cancelled"),
        });

        expect((await store.getStock(["SKU-A"]))[0]).toEqual({ skuId: "SKU-A", onHand: 100, reserved: 0 });
        expect((await store.getStock(["SKU-B"]))[0]).toEqual({ skuId: "SKU-B", onHand: 50, reserved: 0 });
        const states = (await store.getReservations(order.orderId)).map((reservation) => reservation.state);
        expect(states).toEqual(["released", "released"]);
      });

      it("rejects a short added line and writes nothing", async () => {
        await stockSkuB();
        const order = await placeForty();
        let failure: unknown;
        try {
          await store.applyOrderChange({
            orderId: order.orderId,
            expectedVersion: 0,
            next: withLines(order, [bottleLine(1, "SKU-A", 30), bottleLine(2, "SKU-B", 20), bottleLine(3, "SKU-A", 71)]),
            stockMoves: [{ skuId: "SKU-A", onHandDelta: 0, reservedDelta: -10 }],
            reservationChanges: [{ lineNo: 1, baseDelta: -10 }],
            addedReservations: [
              { lineNo: 2, skuId: "SKU-B", baseQuantity: 20 },
              { lineNo: 3, skuId: "SKU-A", baseQuantity: 71 },
            ],
            events: [event(order.orderId, "order.amended")],
            outbox: [outbox("msg-never")],
          });
        } catch (error) {
          failure = error;
        }

        expect(failure).toBeInstanceOf(AppError);
        expect((failure as AppError).code).toBe("INSUFFICIENT_STOCK");
        // The free stock is what the stock moves leave: 60 now plus the 10 line 1 gives back.
        expect((failure as AppError).details).toEqual([
          { lineNo: 3, skuId: "SKU-A", requestedBase: 71, availableBase: 70 },
        ]);
        const stored = await store.getOrder(order.orderId);
        expect(stored?.version ?? 0).toBe(order.version ?? 0);
        expect(stored?.lines).toHaveLength(1);
        expect((await store.getStock(["SKU-A"]))[0]).toEqual({ skuId: "SKU-A", onHand: 100, reserved: 40 });
        expect((await store.getStock(["SKU-B"]))[0]).toEqual({ skuId: "SKU-B", onHand: 50, reserved: 0 });
        const reservations = await store.getReservations(order.orderId);
        expect(reservations.map(({ lineNo, baseQuantity }) => [lineNo, baseQuantity])).toEqual([[1, 40]]);
        expect(await store.listDueMessages(T0, 10)).toEqual([]);
        expect((await store.getAuditTrail("order", order.orderId)).map((e) => e.action)).toEqual(["order.placed"]);
      });

      it("rejects a line number that has a reservation", async () => {
        await stockSkuB();
        const order = await placeForty();
        // Shrinking line 1 to nothing leaves its reservation, so its number stays taken.
        const removed = await store.applyOrderChange({
          orderId: order.orderId,
          expectedVersion: 0,
          next: withLines(order, [bottleLine(2, "SKU-B", 5)]),
          stockMoves: [{ skuId: "SKU-A", onHandDelta: 0, reservedDelta: -40 }],
          reservationChanges: [{ lineNo: 1, baseDelta: -40, endState: "released" }],
          addedReservations: [{ lineNo: 2, skuId: "SKU-B", baseQuantity: 5 }],
          events: [event(order.orderId, "order.amended")],
        });

        const code = await codeOf(
          store.applyOrderChange({
            orderId: order.orderId,
            expectedVersion: removed.version ?? 0,
            next: withLines(removed, [bottleLine(1, "SKU-A", 10), bottleLine(2, "SKU-B", 5)]),
            addedReservations: [{ lineNo: 1, skuId: "SKU-A", baseQuantity: 10 }],
            events: [event(order.orderId, "order.amended")],
          }),
        );

        expect(code).toBe("ORDER_STATE_CONFLICT");
        expect((await store.getStock(["SKU-A"]))[0]).toEqual({ skuId: "SKU-A", onHand: 100, reserved: 0 });
        expect((await store.getStock(["SKU-B"]))[0]).toEqual({ skuId: "SKU-B", onHand: 50, reserved: 5 });
        expect((await store.getOrder(order.orderId))?.version).toBe(removed.version);
      });
    });

    describe("listing customers", () => {
      it("pages customers by id and searches name and id", async () => {
        await store.saveCustomer(testCustomer("C-2", { name: "杭州西湖便利店", salespersonId: "U-S1" }));
        await store.saveCustomer(testCustomer("C-3", { name: "上海超市", salespersonId: "U-S1" }));

        const first = await store.listCustomers({ limit: 2 });
        const rest = await store.listCustomers({ limit: 2, afterCustomerId: first[1].customerId });

        expect(first.map((c) => c.customerId)).toEqual(["C-1", "C-2"]);
        expect(rest.map((c) => c.customerId)).toEqual(["C-3"]);
        expect((await store.listCustomers({ limit: 10, search: "西湖" })).map((c) => c.customerId)).toEqual(["C-2"]);
        expect((await store.listCustomers({ limit: 10, search: "c-3" })).map((c) => c.customerId)).toEqual(["C-3"]);
        expect((await store.listCustomers({ limit: 10, search: "%" })).map((c) => c.customerId)).toEqual([]);
        const assigned = await store.listCustomers({ limit: 10, salespersonId: "U-S1" });
        expect(assigned.map((c) => c.customerId)).toEqual(["C-2", "C-3"]);
      });
    });

    describe("finding orders by number", () => {
      it("lists only the order with that number", async () => {
        const first = await placeForty();
        await store.placeOrder(orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 1, createdAt: T0 + 5 }));

        const found = await store.listOrders({ orderNo: first.orderNo }, { limit: 10 });
        const mine = await store.listOrders({ orderNo: first.orderNo, customerIds: ["C-2"] }, { limit: 10 });

        expect(found.map((order) => order.orderId)).toEqual([first.orderId]);
        expect(mine).toEqual([]);
        expect(await store.listOrders({ orderNo: "SO20990101-0001" }, { limit: 10 })).toEqual([]);
      });
    });

    describe("users by customer and role", () => {
      it("lists the users of a customer and of a role", async () => {
        await store.saveUser({ userId: "U-A", name: "甲", role: "customer", customerId: "C-1" });
        await store.saveUser({ userId: "U-B", name: "乙", role: "customer", customerId: "C-2" });
        await store.saveUser({ userId: "U-C", name: "丙", role: "clerk" });

        expect((await store.listUsersOfCustomer("C-1")).map((u) => u.userId)).toEqual(["U-A"]);
        expect((await store.listUsersByRole("clerk")).map((u) => u.userId)).toEqual(["U-C"]);
        expect(await store.listUsersByRole("finance")).toEqual([]);
      });
    });

    describe("outbox and inbox", () => {
      it("lists due messages oldest first and records outcomes once", async () => {
        await store.saveNotifications(
          [
            outbox("m-late", { nextAttemptAt: T0 + 60_000 }),
            outbox("m-2", { createdAt: T0 + 1 }),
            outbox("m-1"),
          ],
          [],
        );

        expect((await store.listDueMessages(T0 + 1, 10)).map((m) => m.messageId)).toEqual(["m-1", "m-2"]);
        const sent = { ...outbox("m-1"), status: "sent" as const, attempts: 1, sentAt: T0 + 5 };
        expect(await store.updateMessage(sent, outbox("m-1"))).toBe(true);
        const retry = { ...outbox("m-2", { createdAt: T0 + 1 }), attempts: 1, nextAttemptAt: T0 + 120_000, lastError: "busy" };
        expect(await store.updateMessage(retry, outbox("m-2", { createdAt: T0 + 1 }))).toBe(true);
        expect((await store.listDueMessages(T0 + 60_000, 10)).map((m) => m.messageId)).toEqual(["m-late"]);
        // A message no longer pending is not overwritten.
        expect(await store.updateMessage({ ...sent, status: "pending" }, sent)).toBe(false);
        expect((await store.listDueMessages(T0 + 60_000, 10)).map((m) => m.messageId)).toEqual(["m-late"]);
        expect(await store.listDueMessages(T0 + 200_000, 1)).toHaveLength(1);
      });

      it("lets one of two racing claims take a message", async () => {
        await store.saveNotifications([outbox("m-1")], []);
        const [listed] = await store.listDueMessages(T0, 10);

        const claims = await Promise.all([
          store.claimMessage(listed, T0 + 600_000),
          store.claimMessage(listed, T0 + 600_000),
        ]);

        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await store.listDueMessages(T0 + 599_999, 10)).toEqual([]);
        const [reclaimable] = await store.listDueMessages(T0 + 600_000, 10);
        expect(reclaimable.nextAttemptAt).toBe(T0 + 600_000);
        expect(reclaimable.attempts).toBe(1);
      });

      it("records an outcome only under its claim", async () => {
        await store.saveNotifications([outbox("m-1")], []);
        const [listed] = await store.listDueMessages(T0, 10);
        expect(await store.claimMessage(listed, T0 + 600_000)).toBe(true);
        const firstClaim = { ...listed, attempts: 1, nextAttemptAt: T0 + 600_000 };
        // The first claim runs out and a second dispatcher claims the message.
        const [expired] = await store.listDueMessages(T0 + 600_000, 10);
        expect(await store.claimMessage(expired, T0 + 1_200_000)).toBe(true);

        const late = { ...firstClaim, nextAttemptAt: T0 + 60_000, lastError: "busy" };
        expect(await store.updateMessage(late, firstClaim)).toBe(false);

        expect(await store.listDueMessages(T0 + 1_199_999, 10)).toEqual([]);
        const [current] = await store.listDueMessages(T0 + 1_200_000, 10);
        expect(current.attempts).toBe(2);
        expect(current.lastError).toBeUndefined();
      });

      it("refuses a claim on a stale or finished message", async () => {
        await store.saveNotifications([outbox("m-1"), outbox("m-2")], []);
        const [first, second] = await store.listDueMessages(T0, 10);
        expect(await store.updateMessage({ ...first, attempts: 1, nextAttemptAt: T0 + 1, lastError: "busy" }, first)).toBe(true);
        expect(await store.updateMessage({ ...second, status: "sent", attempts: 1, sentAt: T0 }, second)).toBe(true);

        expect(await store.claimMessage(first, T0 + 600_000)).toBe(false);
        expect(await store.claimMessage(second, T0 + 600_000)).toBe(false);
        const [retry] = await store.listDueMessages(T0 + 1, 10);
        expect(retry.messageId).toBe("m-1");
        expect(await store.claimMessage(retry, T0 + 600_000)).toBe(true);
      });

      it("pages a user's inbox newest first", async () => {
        for (let i = 0; i < 5; i += 1) await store.addInbox(inbox(`in-${i}`, "U-1", T0 + i));
        await store.addInbox(inbox("other", "U-2", T0));

        const first = await store.listInbox("U-1", { limit: 3 });
        const last = first[first.length - 1];
        const second = await store.listInbox("U-1", { limit: 3, beforeAt: last.at, beforeId: last.messageId });

        expect(first.map((m) => m.messageId)).toEqual(["in-4", "in-3", "in-2"]);
        expect(second.map((m) => m.messageId)).toEqual(["in-1", "in-0"]);
      });

      it("counts and consumes subscription authorisations", async () => {
        expect(await store.consumeSubscription("U-1", "orderShipped")).toBe(false);
        expect(await store.addSubscriptions("U-1", "orderShipped", 2)).toBe(2);
        expect(await store.consumeSubscription("U-1", "orderShipped")).toBe(true);
        expect(await store.countSubscriptions("U-1", "orderShipped")).toBe(1);
        const raced = await Promise.all([
          store.consumeSubscription("U-1", "orderShipped"),
          store.consumeSubscription("U-1", "orderShipped"),
        ]);
        expect(raced.filter(Boolean)).toHaveLength(1);
        expect(await store.countSubscriptions("U-1", "orderShipped")).toBe(0);
        expect(await store.countSubscriptions("U-1", "orderApproved")).toBe(0);
      });
    });

    describe("alerts", () => {
      it("saves alerts with their messages and lists the active ones", async () => {
        const alert: AlertRecord = {
          alertId: "review_overdue:ord_1",
          rule: "review_overdue",
          orderId: "ord_1",
          orderNo: "SO20261204-0001",
          status: "open",
          since: T0,
          raisedAt: T0 + 86_400_000,
        };
        await store.saveAlert(alert, [outbox("alert-msg")], [inbox("alert-in", "U-CLERK", T0)]);
        await store.saveAlert({ ...alert, alertId: "ship_overdue:ord_2", rule: "ship_overdue", orderId: "ord_2", status: "cleared" }, [], []);

        expect(await store.getAlert("review_overdue:ord_1")).toEqual(alert);
        expect(await store.getAlert("nope")).toBeNull();
        expect((await store.listActiveAlerts()).map((a) => a.alertId)).toEqual(["review_overdue:ord_1"]);
        expect((await store.listDueMessages(T0, 10)).map((m) => m.messageId)).toEqual(["alert-msg"]);

        await store.saveAlert({ ...alert, status: "escalated", escalatedAt: T0 + 2 }, [], []);
        expect((await store.getAlert(alert.alertId))?.status).toBe("escalated");
        expect(await store.listActiveAlerts()).toHaveLength(1);
      });
    });
  });
}
