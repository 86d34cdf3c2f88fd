import { AppError } from "../../shared/errors";
import { DEFAULT_TIER_RATES } from "../../shared/pricing";
import type { Store } from "../../server/store/port";
import type { InvitationRecord, UserRecord } from "../../server/store/records";
import {
  bottleSku,
  historicalOrder,
  orderDraft,
  testCustomer,
} from "../support/fixtures";

export interface OpenedStore {
  store: Store;
  cleanup: () => Promise<void>;
}

const T0 = Date.parse("2026-12-04T02:00:00Z");

async function expectCode(promise: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    return error as AppError;
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}

async function stockOf(store: Store, skuId: string) {
  const [row] = await store.getStock([skuId]);
  return row;
}

/**
 * The behaviour every Store adapter must have. Each adapter's test file
 * calls this with a factory that opens a fresh, empty store.
 */
export function describeStoreContract(
  label: string,
  open: () => Promise<OpenedStore>,
): void {
  describe(`Store contract: ${label}`, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
      await store.saveSku(bottleSku("SKU-A"));
      await store.saveSku(
        bottleSku("SKU-B", {
          name: "测试洗洁精",
          pinyinInitials: "csxjj",
          units: [
            {
              unit: "瓶",
              factor: 1,
              listPriceFen: 1290,
              barcode: "6900000000017",
              minQuantity: 1,
              stepQuantity: 1,
            },
            {
              unit: "箱",
              factor: 12,
              listPriceFen: 14800,
              barcode: "6900000000024",
              minQuantity: 1,
              stepQuantity: 1,
            },
          ],
        }),
      );
      await store.saveCustomer(testCustomer("C-1", { salespersonId: "U-SALES" }));
      await store.saveCustomer(testCustomer("C-2"));
    });

    afterEach(async () => {
      await opened.cleanup();
    });

    async function receive(skuId: string, baseQuantity: number) {
      return store.receiveStock({
        skuId,
        baseQuantity,
        event: {
          eventId: `evt_recv_${skuId}_${baseQuantity}_${Math.random()}`,
          entityType: "stock",
          entityId: skuId,
          action: "stock.received",
          actorId: "U-WH",
          actorRole: "warehouse",
          at: T0,
        },
      });
    }

    describe("identity and settings", () => {
      it("saves users and finds them by id and openid", async () => {
        await store.saveUser({ userId: "U-1", name: "甲", role: "clerk", openid: "o-abc" });
        await store.saveUser({ userId: "U-2", name: "乙", role: "customer", customerId: "C-1" });

        expect((await store.getUser("U-2"))?.customerId).toBe("C-1");
        expect((await store.getUserByOpenid("o-abc"))?.userId).toBe("U-1");
        expect(await store.getUser("U-9")).toBeNull();
        expect((await store.listUsers()).map((user) => user.userId)).toEqual(["U-1", "U-2"]);
      });

      it("returns default tier rates until saved", async () => {
        expect(await store.getTierRates()).toEqual(DEFAULT_TIER_RATES);
        await store.saveTierRates({ core: 8800, standard: 10000, new: 9700 });
        expect((await store.getTierRates()).core).toBe(8800);
      });
    });

    describe("catalog", () => {
      it("pages SKUs by id and searches name, pinyin and barcode", async () => {
        const first = await store.listSkus({ limit: 1 });
        expect(first.map((sku) => sku.skuId)).toEqual(["SKU-A"]);
        const second = await store.listSkus({ limit: 5, afterSkuId: "SKU-A" });
        expect(second.map((sku) => sku.skuId)).toEqual(["SKU-B"]);

        expect((await store.listSkus({ limit: 5, search: "洗洁精" })).map((s) => s.skuId)).toEqual(["SKU-B"]);
        expect((await store.listSkus({ limit: 5, search: "CSXJJ" })).map((s) => s.skuId)).toEqual(["SKU-B"]);
        expect((await store.listSkus({ limit: 5, search: "6900000000024" })).map((s) => s.skuId)).toEqual(["SKU-B"]);
        expect(await store.listSkus({ limit: 5, search: "100%" })).toEqual([]);
      });

      it("finds a SKU and unit by barcode", async () => {
        const found = await store.findSkuByBarcode("6900000000024");
        expect(found?.sku.skuId).toBe("SKU-B");
        expect(found?.unit).toBe("箱");
        expect(await store.findSkuByBarcode("6900000000000")).toBeNull();
      });
    });

    describe("stock", () => {
      it("starts a saved SKU at zero and adds received stock", async () => {
        expect(await stockOf(store, "SKU-A")).toEqual({ skuId: "SKU-A", onHand: 0, reserved: 0 });
        const after = await receive("SKU-A", 48);
        expect(after).toEqual({ skuId: "SKU-A", onHand: 48, reserved: 0 });
        expect((await store.getAuditTrail("stock", "SKU-A")).map((e) => e.action)).toEqual([
          "stock.received",
        ]);
      });

      it("rejects receiving stock for an unknown SKU", async () => {
        await expectCode(receive("SKU-NOPE", 5), "NOT_FOUND");
      });
    });

    describe("placing orders", () => {
      beforeEach(async () => {
        await receive("SKU-A", 100);
      });

      it("reserves stock and numbers orders per China-time day", async () => {
        const first = await store.placeOrder(
          orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 30, createdAt: T0 }),
        );
        const second = await store.placeOrder(
          orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 20, createdAt: T0 + 1 }),
        );
        const nextDay = await store.placeOrder(
          orderDraft({
            customerId: "C-1",
            skuId: "SKU-A",
            baseQuantity: 1,
            createdAt: T0 + 2,
            orderDate: "2026-12-05",
          }),
        );

        expect(first.isReplay).toBe(false);
        expect(first.order.orderNo).toBe("SO20261204-0001");
        expect(second.order.orderNo).toBe("SO20261204-0002");
        expect(nextDay.order.orderNo).toBe("SO20261205-0001");
        expect(await stockOf(store, "SKU-A")).toEqual({ skuId: "SKU-A", onHand: 100, reserved: 51 });
        expect((await store.getReservations(first.order.orderId)).map((r) => r.state)).toEqual(["active"]);
        expect((await store.getAuditTrail("order", first.order.orderId))[0].action).toBe("order.placed");
      });

      it("returns the first order for a repeated request id", async () => {
        const draft = orderDraft({
          customerId: "C-1",
          skuId: "SKU-A",
          baseQuantity: 10,
          createdAt: T0,
          requestId: "req-same-1",
          requestHash: "h1",
        });
        const first = await store.placeOrder(draft);
        const again = await store.placeOrder({
          ...draft,
          order: { ...draft.order, orderId: "ord_other" },
        });

        expect(again.isReplay).toBe(true);
        expect(again.order.orderId).toBe(first.order.orderId);
        expect((await stockOf(store, "SKU-A")).reserved).toBe(10);
        expect(await store.findOrderByRequest("U-TEST", "req-same-1")).not.toBeNull();
      });

      it("rejects a reused request id with a different payload", async () => {
        const draft = orderDraft({
          customerId: "C-1",
          skuId: "SKU-A",
          baseQuantity: 10,
          createdAt: T0,
          requestId: "req-same-2",
          requestHash: "h1",
        });
        await store.placeOrder(draft);
        await expectCode(
          store.placeOrder({
            ...draft,
            order: { ...draft.order, orderId: "ord_other", requestHash: "h2" },
          }),
          "IDEMPOTENCY_CONFLICT",
        );
        expect((await stockOf(store, "SKU-A")).reserved).toBe(10);
      });

      it("reserves nothing when any line is short", async () => {
        await receive("SKU-B", 5);
        const draft = orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 10, createdAt: T0 });
        draft.reservations.push({ lineNo: 2, skuId: "SKU-B", baseQuantity: 6 });

        const error = await expectCode(store.placeOrder(draft), "INSUFFICIENT_STOCK");

        expect(error.details).toEqual([
          { lineNo: 2, skuId: "SKU-B", requestedBase: 6, availableBase: 5 },
        ]);
        expect((await stockOf(store, "SKU-A")).reserved).toBe(0);
        expect((await stockOf(store, "SKU-B")).reserved).toBe(0);
        expect(await store.getOrder(draft.order.orderId)).toBeNull();
      });

      it("sums lines of the same SKU against its stock", async () => {
        const draft = orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 60, createdAt: T0 });
        draft.reservations.push({ lineNo: 2, skuId: "SKU-A", baseQuantity: 41 });
        await expectCode(store.placeOrder(draft), "INSUFFICIENT_STOCK");
        expect((await stockOf(store, "SKU-A")).reserved).toBe(0);
      });
    });

    describe("order transitions", () => {
      let orderId: string;

      beforeEach(async () => {
        await receive("SKU-A", 100);
        const placed = await store.placeOrder(
          orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 40, createdAt: T0 }),
        );
        orderId = placed.order.orderId;
      });

      function cancel(eventId: string) {
        return store.transitionOrder({
          orderId,
          from: ["pending_review"],
          to: "cancelled",
          releaseReservations: true,
          event: {
            eventId,
            entityType: "order",
            entityId: orderId,
            action: "order.cancelled",
            actorId: "U-TEST",
            actorRole: "customer",
            at: T0 + 1000,
          },
        });
      }

      it("releases the reservation exactly once", async () => {
        const cancelled = await cancel("evt_c1");
        expect(cancelled.status).toBe("cancelled");
        expect(cancelled.updatedAt).toBe(T0 + 1000);

        const error = await expectCode(cancel("evt_c2"), "ORDER_STATE_CONFLICT");
        expect(error.details).toEqual({ status: "cancelled" });
        expect(await stockOf(store, "SKU-A")).toEqual({ skuId: "SKU-A", onHand: 100, reserved: 0 });
        expect((await store.getReservations(orderId))[0].state).toBe("released");
        expect((await store.getOrder(orderId))?.status).toBe("cancelled");
      });

      it("releases once when two cancels race", async () => {
        const results = await Promise.allSettled([cancel("evt_r1"), cancel("evt_r2")]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        expect((await stockOf(store, "SKU-A")).reserved).toBe(0);
      });

      it("keeps the reservation when approving", async () => {
        const approved = await store.transitionOrder({
          orderId,
          from: ["pending_review"],
          to: "approved",
          releaseReservations: false,
          event: {
            eventId: "evt_a1",
            entityType: "order",
            entityId: orderId,
            action: "order.approved",
            actorId: "U-CLERK",
            actorRole: "clerk",
            at: T0 + 5,
          },
        });
        expect(approved.status).toBe("approved");
        expect(approved.version).toBe(1);
        expect(approved.approvedAt).toBe(T0 + 5);
        expect(await store.getOrder(orderId)).toEqual(approved);
        expect((await stockOf(store, "SKU-A")).reserved).toBe(40);
        expect((await store.getAuditTrail("order", orderId)).map((e) => e.action)).toEqual([
          "order.placed",
          "order.approved",
        ]);
      });

      it("reports a missing order as NOT_FOUND", async () => {
        await expectCode(
          store.transitionOrder({
            orderId: "ord_missing",
            from: ["pending_review"],
            to: "approved",
            releaseReservations: false,
            event: {
              eventId: "evt_x",
              entityType: "order",
              entityId: "ord_missing",
              action: "order.approved",
              actorId: "U-CLERK",
              actorRole: "clerk",
              at: T0,
            },
          }),
          "NOT_FOUND",
        );
      });
    });

    describe("listing orders", () => {
      it("pages 250 orders newest first, each once", async () => {
        await receive("SKU-A", 1000);
        for (let i = 0; i < 250; i += 1) {
          // Pairs share an instant so the order id breaks ties.
          await store.placeOrder(
            orderDraft({
              customerId: i % 5 === 0 ? "C-2" : "C-1",
              skuId: "SKU-A",
              baseQuantity: 1,
              createdAt: T0 + Math.floor(i / 2) * 1000,
            }),
          );
        }

        const seen: string[] = [];
        let after: { createdAt: number; orderId: string } | undefined;
        for (;;) {
          const page = await store.listOrders({ customerIds: ["C-1"] }, { after, limit: 70 });
          seen.push(...page.map((order) => order.orderId));
          if (page.length < 70) break;
          const last = page[page.length - 1];
          after = { createdAt: last.createdAt, orderId: last.orderId };
        }

        expect(seen).toHaveLength(200);
        expect(new Set(seen).size).toBe(200);
        const all = await store.listOrders({ customerIds: ["C-1"] }, { limit: 1000 });
        expect(all.map((order) => order.orderId)).toEqual(seen);
        for (let i = 1; i < all.length; i += 1) {
          const previous = all[i - 1];
          const current = all[i];
          expect(
            previous.createdAt > current.createdAt ||
              (previous.createdAt === current.createdAt && previous.orderId > current.orderId),
          ).toBe(true);
        }
      });

      it("filters by status and creation time", async () => {
        await receive("SKU-A", 10);
        const early = await store.placeOrder(
          orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 1, createdAt: T0 }),
        );
        const late = await store.placeOrder(
          orderDraft({ customerId: "C-2", skuId: "SKU-A", baseQuantity: 1, createdAt: T0 + 3600_000 }),
        );

        const window = await store.listOrders(
          { createdFrom: T0 + 1, createdBefore: T0 + 3600_001 },
          { limit: 10 },
        );
        expect(window.map((order) => order.orderId)).toEqual([late.order.orderId]);
        const byStatus = await store.listOrders({ status: "approved" }, { limit: 10 });
        expect(byStatus).toEqual([]);
        const byStatuses = await store.listOrders({ statuses: ["approved", "pending_review"] }, { limit: 10 });
        expect(byStatuses.map((order) => order.orderId)).toEqual([late.order.orderId, early.order.orderId]);
        expect(await store.listOrders({ statuses: ["approved", "picked"] }, { limit: 10 })).toEqual([]);
        expect(await store.listOrders({ statuses: [] }, { limit: 10 })).toEqual([]);
        const none = await store.listOrders({ customerIds: [] }, { limit: 10 });
        expect(none).toEqual([]);
        const mine = await store.listOrders({ customerIds: ["C-1"] }, { limit: 10 });
        expect(mine.map((order) => order.orderId)).toEqual([early.order.orderId]);
      });
    });

    describe("customers and credit", () => {
      it("sums outstanding and overdue receivables", async () => {
        await store.saveReceivable({ receivableId: "R1", customerId: "C-1", amountFen: 10000, paidFen: 2500, dueAt: T0 - 1 });
        await store.saveReceivable({ receivableId: "R2", customerId: "C-1", amountFen: 5000, paidFen: 0, dueAt: T0 + 1 });
        await store.saveReceivable({ receivableId: "R3", customerId: "C-1", amountFen: 700, paidFen: 700, dueAt: T0 - 1 });
        await store.saveReceivable({ receivableId: "R4", customerId: "C-2", amountFen: 900, paidFen: 0, dueAt: T0 - 1 });

        expect(await store.getCreditExposure("C-1", T0)).toMatchObject({
          outstandingFen: 12500,
          overdueFen: 7500,
        });
        expect(await store.getCreditExposure("C-3", T0)).toMatchObject({ outstandingFen: 0, overdueFen: 0 });
      });

      it("stores customer prices per SKU and unit", async () => {
        await store.saveCustomerPrice({ customerId: "C-1", skuId: "SKU-A", unit: "箱", priceFen: 2800 });
        await store.saveCustomerPrice({ customerId: "C-1", skuId: "SKU-A", unit: "箱", priceFen: 2700 });
        await store.saveCustomerPrice({ customerId: "C-2", skuId: "SKU-A", unit: "箱", priceFen: 2900 });

        expect(await store.getCustomerPrices("C-1", ["SKU-A", "SKU-B"])).toEqual([
          { customerId: "C-1", skuId: "SKU-A", unit: "箱", priceFen: 2700 },
        ]);
        expect((await store.listCustomersOfSalesperson("U-SALES")).map((c) => c.customerId)).toEqual(["C-1"]);
      });
    });

    describe("importing history", () => {
      it("skips orders that already exist and touches no stock", async () => {
        const orders = [
          historicalOrder("ord_h1", "C-1", T0 - 86400_000),
          historicalOrder("ord_h2", "C-2", T0 - 2 * 86400_000),
        ];
        expect(await store.importOrders(orders)).toBe(2);
        expect(await store.importOrders(orders)).toBe(0);
        expect((await store.getOrder("ord_h1"))?.status).toBe("completed");
        expect(await store.getReservations("ord_h1")).toEqual([]);
      });
    });

    describe("first sign-in", () => {
      const DAY = 86400_000;

      function auditEvent(entityType: "user" | "invitation", entityId: string, action: string, actorId: string) {
        return {
          eventId: `evt_${action}_${entityId}_${Math.random()}`,
          entityType,
          entityId,
          action,
          actorId,
          actorRole: "manager" as const,
          at: T0,
        };
      }

      function firstManager(userId: string, openid: string) {
        return {
          user: { userId, name: "老板", role: "manager" as const, openid },
          event: auditEvent("user", userId, "user.bootstrapped", userId),
        };
      }

      function invitation(invitationId: string, fields: Partial<InvitationRecord> = {}): InvitationRecord {
        return {
          invitationId,
          role: "customer",
          name: "店主",
          customerId: "C-1",
          createdBy: "U-MGR",
          createdAt: T0,
          expiresAt: T0 + DAY,
          ...fields,
        };
      }

      function redemption(invitationId: string, userId: string, openid: string, now = T0 + 1000) {
        return {
          invitationId,
          userId,
          openid,
          now,
          event: auditEvent("user", userId, "user.registered", userId),
        };
      }

      async function expectReason(promise: Promise<unknown>, reason: string) {
        const error = await expectCode(promise, "REGISTRATION_CONFLICT");
        expect((error.details as { reason?: string }).reason).toBe(reason);
      }

      async function saveInvitation(record: InvitationRecord) {
        await store.saveInvitation(record, auditEvent("invitation", record.invitationId, "invitation.created", "U-MGR"));
      }

      it("claims the first manager once", async () => {
        const claimed = await store.claimFirstManager(firstManager("usr_a", "o-a"));
        expect(claimed.role).toBe("manager");
        expect((await store.getUserByOpenid("o-a"))?.userId).toBe("usr_a");
        expect((await store.getAuditTrail("user", "usr_a")).map((e) => e.action)).toEqual(["user.bootstrapped"]);

        await expectReason(store.claimFirstManager(firstManager("usr_b", "o-b")), "manager_exists");
        expect(await store.getUser("usr_b")).toBeNull();
        expect((await store.claimFirstManager(firstManager("usr_a", "o-a"))).userId).toBe("usr_a");
      });

      it("refuses a claim once any manager exists", async () => {
        await store.saveUser({ userId: "U-MGR-SEED", name: "经理", role: "manager" });
        await expectReason(store.claimFirstManager(firstManager("usr_a", "o-a")), "manager_exists");
        expect(await store.getUser("usr_a")).toBeNull();
      });

      it("lets one of concurrent claims win", async () => {
        const claims = ["1", "2", "3", "4", "5"].map((n) => store.claimFirstManager(firstManager(`usr_${n}`, `o-${n}`)));
        const results = await Promise.allSettled(claims);

        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        for (const result of results) {
          if (result.status === "rejected") {
            expect((result.reason as AppError).code).toBe("REGISTRATION_CONFLICT");
          }
        }
        expect((await store.listUsers()).filter((user) => user.role === "manager")).toHaveLength(1);
      });

      it("stores an invitation by its hash id", async () => {
        await saveInvitation(invitation("inv_1"));
        expect(await store.getInvitation("inv_1")).toEqual(invitation("inv_1"));
        expect(await store.getInvitation("inv_missing")).toBeNull();
        expect((await store.getAuditTrail("invitation", "inv_1")).map((e) => e.action)).toEqual(["invitation.created"]);
      });

      it("redeems an invitation exactly once", async () => {
        await saveInvitation(invitation("inv_1"));
        const user = await store.redeemInvitation(redemption("inv_1", "usr_x", "o-x"));

        expect(user).toEqual({ userId: "usr_x", name: "店主", role: "customer", customerId: "C-1", openid: "o-x" });
        expect(await store.getUserByOpenid("o-x")).toEqual(user);
        const redeemed = await store.getInvitation("inv_1");
        expect(redeemed?.redeemedBy).toBe("usr_x");
        expect(redeemed?.redeemedAt).toBe(T0 + 1000);
        expect((await store.getAuditTrail("user", "usr_x")).map((e) => e.action)).toEqual(["user.registered"]);

        await expectReason(store.redeemInvitation(redemption("inv_1", "usr_y", "o-y")), "invitation_redeemed");
        expect(await store.getUser("usr_y")).toBeNull();
        expect(await store.redeemInvitation(redemption("inv_1", "usr_x", "o-x"))).toEqual(user);
      });

      it("lets one of concurrent redemptions win", async () => {
        await saveInvitation(invitation("inv_1"));
        const attempts = ["1", "2", "3", "4", "5"].map((n) =>
          store.redeemInvitation(redemption("inv_1", `usr_${n}`, `o-${n}`)),
        );
        const results = await Promise.allSettled(attempts);

        const winners = results.filter((r): r is PromiseFulfilledResult<UserRecord> => r.status === "fulfilled");
        expect(winners).toHaveLength(1);
        expect((await store.getInvitation("inv_1"))?.redeemedBy).toBe(winners[0].value.userId);
        expect((await store.listUsers()).filter((user) => user.customerId === "C-1")).toHaveLength(1);
      });

      it("rejects an expired invitation and writes nothing", async () => {
        await saveInvitation(invitation("inv_1"));
        await expectReason(store.redeemInvitation(redemption("inv_1", "usr_x", "o-x", T0 + DAY)), "invitation_expired");
        expect(await store.getUser("usr_x")).toBeNull();
        expect((await store.getInvitation("inv_1"))?.redeemedAt).toBeUndefined();
      });

      it("rejects an unknown invitation or customer", async () => {
        await expectCode(store.redeemInvitation(redemption("inv_missing", "usr_x", "o-x")), "NOT_FOUND");
        await saveInvitation(invitation("inv_1", { customerId: "C-GONE" }));
        await expectCode(store.redeemInvitation(redemption("inv_1", "usr_x", "o-x")), "NOT_FOUND");
        expect(await store.getUser("usr_x")).toBeNull();
      });

      it("rejects an openid that is already registered", async () => {
        await store.saveUser({ userId: "U-OLD", name: "旧用户", role: "clerk", openid: "o-x" });
        await saveInvitation(invitation("inv_1"));
        await expectReason(store.redeemInvitation(redemption("inv_1", "usr_x", "o-x")), "already_registered");
        expect((await store.getInvitation("inv_1"))?.redeemedAt).toBeUndefined();
      });

      it("assigns customers to a new salesperson", async () => {
        await saveInvitation(
          invitation("inv_1", { role: "salesperson", name: "业务员", customerId: undefined, assignCustomerIds: ["C-2"] }),
        );
        const user = await store.redeemInvitation(redemption("inv_1", "usr_s", "o-s"));

        expect(user.role).toBe("salesperson");
        expect(user.customerId).toBeUndefined();
        expect((await store.getCustomer("C-2"))?.salespersonId).toBe("usr_s");
        expect((await store.listCustomersOfSalesperson("usr_s")).map((c) => c.customerId)).toEqual(["C-2"]);
        expect((await store.getCustomer("C-1"))?.salespersonId).toBe("U-SALES");
      });
    });
  });
}
