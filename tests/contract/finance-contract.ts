import { AppError } from "../../shared/errors";
import type { FinanceStore, PaymentChange, ReturnReceipt } from "../../server/finance/port";
import type { PaymentRecord, ReturnRecord } from "../../server/finance/records";
import type { OrderChange, OrderDraft, Store } from "../../server/store/port";
import type {
  AuditEventRecord,
  CreditExposure,
  OrderRecord,
  ReceivableRecord,
} from "../../server/store/records";
import { bottleSku, orderDraft, testCustomer } from "../support/fixtures";

export interface OpenedFinance {
  finance: FinanceStore;
  store: Store;
  cleanup: () => Promise<void>;
}

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

let serial = 0;

function receivable(
  receivableId: string,
  overrides: Partial<ReceivableRecord> = {},
): ReceivableRecord {
  return {
    receivableId,
    customerId: "C-1",
    amountFen: 1000,
    paidFen: 0,
    dueAt: T0,
    createdAt: T0 - 1000,
    ...overrides,
  };
}

function event(action: string, at: number, entityId = "C-1"): AuditEventRecord {
  serial += 1;
  return {
    eventId: `evt_${action.replace(/\W/g, "_")}_${serial}`,
    entityType: "customer",
    entityId,
    action,
    actorId: "U-FIN",
    actorRole: "finance",
    at,
  };
}

function payment(
  paymentId: string,
  externalRef: string,
  overrides: Partial<PaymentRecord> = {},
): PaymentRecord {
  return {
    paymentId,
    externalRef,
    customerId: "C-1",
    amountFen: 1000,
    method: "bank_transfer",
    receivedAt: T0,
    recordedBy: "U-FIN",
    recordedAt: T0,
    allocations: [],
    unappliedFen: 0,
    version: 0,
    ...overrides,
  };
}

/** Builds a payment that pays `paidFen` of one receivable and nothing else. */
function paying(
  paymentId: string,
  externalRef: string,
  receivableId: string,
  paidFen: number,
): PaymentChange {
  return {
    payment: payment(paymentId, externalRef, {
      amountFen: paidFen,
      allocations: [
        { receivableId, amountFen: paidFen, mode: "oldest", matchedBy: "U-FIN", matchedAt: T0 },
      ],
    }),
    receivableUpdates: [{ receivableId, expectedPaidFen: 0, paidFen }],
    events: [event("payment.recorded", T0)],
  };
}

function returnRecord(
  returnId: string,
  requestId: string,
  lines: { orderId: string; lineNo: number; quantity: number }[],
  overrides: Partial<ReturnRecord> = {},
): ReturnRecord {
  const full = lines.map((line) => ({
    ...line,
    skuId: "SKU-A",
    unit: "瓶",
    baseQuantity: line.quantity,
    amountFen: line.quantity * 150,
  }));
  return {
    returnId,
    requestId,
    customerId: "C-1",
    lines: full,
    totalFen: full.reduce((sum, line) => sum + line.amountFen, 0),
    reason: "包装破损",
    isRefund: false,
    status: "requested",
    createdBy: "U-CUST",
    createdAt: T0,
    ...overrides,
  };
}

/**
 * The receipt of a requested return: its value first pays `receivableId`
 * (which owes `owedFen`), and the rest becomes credit on top of
 * `creditFen`.
 */
function receiptOf(
  requested: ReturnRecord,
  options: { receivableId: string; owedFen: number; creditFen: number; creditNoteId: string; at?: number },
): ReturnReceipt {
  const at = options.at ?? T0 + 100;
  const appliedFen = Math.min(options.owedFen, requested.totalFen);
  const creditedFen = requested.totalFen - appliedFen;
  return {
    returnRecord: {
      ...requested,
      status: "received",
      receivedBy: "U-WH",
      receivedAt: at,
      creditNoteId: options.creditNoteId,
    },
    creditNote: {
      creditNoteId: options.creditNoteId,
      customerId: requested.customerId,
      returnId: requested.returnId,
      amountFen: requested.totalFen,
      createdAt: at,
      allocations: [
        { receivableId: options.receivableId, amountFen: appliedFen, mode: "credit", matchedBy: "U-WH", matchedAt: at },
      ],
      creditedFen,
      refundFen: 0,
    },
    stockMoves: requested.lines.map((line) => ({ skuId: line.skuId, baseQuantity: line.baseQuantity })),
    receivableUpdates: [{ receivableId: options.receivableId, expectedPaidFen: 0, paidFen: appliedFen }],
    ...(creditedFen > 0
      ? {
          credit: {
            customerId: requested.customerId,
            expectedFen: options.creditFen,
            balanceFen: options.creditFen + creditedFen,
          },
        }
      : {}),
    events: [event("return.received", at)],
  };
}

/**
 * The behaviour every FinanceStore adapter must have, together with the
 * Store it shares a database with. Each adapter's test file calls this
 * with a factory that opens a fresh, empty pair.
 */
export function describeFinanceContract(label: string, open: () => Promise<OpenedFinance>): void {
  describe(`FinanceStore contract: ${label}`, () => {
    let opened: OpenedFinance;
    let finance: FinanceStore;
    let store: Store;

    beforeEach(async () => {
      opened = await open();
      ({ finance, store } = opened);
      await store.saveSku(bottleSku("SKU-A"));
      await store.saveCustomer(testCustomer("C-1"));
      await store.saveCustomer(testCustomer("C-2"));
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

    async function paidOf(receivableId: string): Promise<number | undefined> {
      const [found] = await finance.getReceivables([receivableId]);
      return found?.paidFen;
    }

    async function outstandingOf(customerId: string): Promise<number> {
      return (await store.getCreditExposure(customerId, T0)).outstandingFen;
    }

    describe("recordPayment", () => {
      beforeEach(async () => {
        await store.saveReceivable(receivable("R1", { amountFen: 1000 }));
        await store.saveReceivable(receivable("R2", { amountFen: 500, dueAt: T0 + 1 }));
      });

      it("records a payment with its matching", async () => {
        const change: PaymentChange = {
          payment: payment("pay_1", "BANK-1", { amountFen: 1200 }),
          receivableUpdates: [
            { receivableId: "R1", expectedPaidFen: 0, paidFen: 1000 },
            { receivableId: "R2", expectedPaidFen: 0, paidFen: 200 },
          ],
          events: [event("payment.recorded", T0)],
        };

        const result = await finance.recordPayment(change);

        expect(result).toEqual({ payment: change.payment, isReplay: false });
        expect(await finance.getPayment("pay_1")).toEqual(change.payment);
        expect(await finance.findPaymentByRef("BANK-1")).toEqual(change.payment);
        expect(await finance.findPaymentByRef("BANK-2")).toBeNull();
        expect(await paidOf("R1")).toBe(1000);
        expect(await paidOf("R2")).toBe(200);
        expect((await finance.listOpenReceivables("C-1")).map((r) => r.receivableId)).toEqual(["R2"]);
        expect(await outstandingOf("C-1")).toBe(300);
        const events = await finance.listEvents("payment.recorded", T0, T0 + 1);
        expect(events.map((e) => e.eventId)).toEqual([change.events[0].eventId]);
      });

      it("returns the first payment for a repeated reference", async () => {
        const first = paying("pay_1", "WX-7", "R1", 600);
        await finance.recordPayment(first);

        const again = await finance.recordPayment({
          ...paying("pay_2", "WX-7", "R1", 600),
          credit: { customerId: "C-1", expectedFen: 0, balanceFen: 50 },
        });

        expect(again).toEqual({ payment: first.payment, isReplay: true });
        expect(await paidOf("R1")).toBe(600);
        expect(await finance.getPayment("pay_2")).toBeNull();
        expect(await finance.getCreditBalance("C-1")).toBe(0);
        expect(await finance.listPayments({ from: T0 - 1, before: T0 + 1 })).toHaveLength(1);
        expect(await finance.listEvents("payment.recorded", T0, T0 + 1)).toHaveLength(1);
      });

      it("makes one payment of concurrent duplicates", async () => {
        const attempts = ["pay_a", "pay_b", "pay_c"].map((paymentId) => ({
          ...paying(paymentId, "WX-RACE", "R1", 600),
          credit: { customerId: "C-1", expectedFen: 0, balanceFen: 400 },
        }));

        const results = await Promise.all(attempts.map((change) => finance.recordPayment(change)));

        expect(results.filter((result) => !result.isReplay)).toHaveLength(1);
        expect(new Set(results.map((result) => result.payment.paymentId)).size).toBe(1);
        expect(await paidOf("R1")).toBe(600);
        expect(await finance.getCreditBalance("C-1")).toBe(400);
        expect(await finance.listPayments({ customerId: "C-1", from: T0, before: T0 + 1 })).toHaveLength(1);
        expect(await outstandingOf("C-1")).toBe(400 + 500);
      });

      it("rejects a stale paid amount and writes nothing", async () => {
        await finance.recordPayment(paying("pay_0", "CASH-0", "R2", 100));
        const stale: PaymentChange = {
          payment: payment("pay_1", "BANK-STALE", { amountFen: 1500 }),
          receivableUpdates: [
            { receivableId: "R1", expectedPaidFen: 0, paidFen: 1000 },
            { receivableId: "R2", expectedPaidFen: 0, paidFen: 500 },
          ],
          credit: { customerId: "C-1", expectedFen: 0, balanceFen: 0 },
          events: [event("payment.recorded", T0 + 5)],
        };

        expect(await codeOf(finance.recordPayment(stale))).toBe("ORDER_STATE_CONFLICT");

        expect(await paidOf("R1")).toBe(0);
        expect(await paidOf("R2")).toBe(100);
        expect(await finance.findPaymentByRef("BANK-STALE")).toBeNull();
        expect(await finance.getPayment("pay_1")).toBeNull();
        expect(await finance.listEvents("payment.recorded", T0 + 5, T0 + 6)).toEqual([]);
        expect(await outstandingOf("C-1")).toBe(1000 + 400);
      });

      it("rejects a paid amount beyond the receivable or a missing one", async () => {
        const over = paying("pay_1", "BANK-OVER", "R2", 501);
        const missing = paying("pay_2", "BANK-MISSING", "R-NONE", 10);

        expect(await codeOf(finance.recordPayment(over))).toBe("ORDER_STATE_CONFLICT");
        expect(await codeOf(finance.recordPayment(missing))).toBe("ORDER_STATE_CONFLICT");
        expect(await paidOf("R2")).toBe(0);
        expect(await finance.listPayments({ from: T0, before: T0 + 1 })).toEqual([]);
      });

      it("rejects a stale credit balance and writes nothing", async () => {
        const stale: PaymentChange = {
          ...paying("pay_1", "BANK-CREDIT", "R1", 1000),
          credit: { customerId: "C-1", expectedFen: 100, balanceFen: 300 },
        };
        const negative: PaymentChange = {
          ...paying("pay_2", "BANK-NEGATIVE", "R1", 1000),
          credit: { customerId: "C-1", expectedFen: 0, balanceFen: -1 },
        };

        expect(await codeOf(finance.recordPayment(stale))).toBe("ORDER_STATE_CONFLICT");
        expect(await codeOf(finance.recordPayment(negative))).toBe("ORDER_STATE_CONFLICT");
        expect(await paidOf("R1")).toBe(0);
        expect(await finance.getCreditBalance("C-1")).toBe(0);
        expect(await finance.findPaymentByRef("BANK-CREDIT")).toBeNull();
        expect(await outstandingOf("C-1")).toBe(1500);
      });
    });

    describe("rematchPayment", () => {
      beforeEach(async () => {
        await store.saveReceivable(receivable("R1", { amountFen: 1000 }));
        await store.saveReceivable(receivable("R2", { amountFen: 800, dueAt: T0 + 1 }));
        await finance.recordPayment(paying("pay_1", "CASH-1", "R1", 600));
      });

      function moveToSecond(expectedVersion: number, amountFen: number): PaymentChange & { expectedVersion: number } {
        return {
          expectedVersion,
          payment: payment("pay_1", "CASH-1", {
            amountFen: 600,
            allocations: [{ receivableId: "R2", amountFen, mode: "manual", matchedBy: "U-FIN", matchedAt: T0 + 1 }],
            unappliedFen: 600 - amountFen,
          }),
          receivableUpdates: [
            { receivableId: "R1", expectedPaidFen: 600, paidFen: 0 },
            { receivableId: "R2", expectedPaidFen: 0, paidFen: amountFen },
          ],
          ...(amountFen < 600 ? { credit: { customerId: "C-1", expectedFen: 0, balanceFen: 600 - amountFen } } : {}),
          events: [event("payment.rematched", T0 + 1)],
        };
      }

      it("replaces the matching and bumps the version", async () => {
        const updated = await finance.rematchPayment(moveToSecond(0, 500));

        expect(updated.version).toBe(1);
        expect(await finance.getPayment("pay_1")).toEqual(updated);
        expect(updated.allocations.map((a) => [a.receivableId, a.amountFen])).toEqual([["R2", 500]]);
        expect(await paidOf("R1")).toBe(0);
        expect(await paidOf("R2")).toBe(500);
        expect(await finance.getCreditBalance("C-1")).toBe(100);
        expect(await outstandingOf("C-1")).toBe(1000 + 300);
      });

      it("rejects a re-match from an old version and changes nothing", async () => {
        await finance.rematchPayment(moveToSecond(0, 600));

        expect(await codeOf(finance.rematchPayment(moveToSecond(0, 500)))).toBe("ORDER_STATE_CONFLICT");
        expect((await finance.getPayment("pay_1"))?.version).toBe(1);
        expect(await paidOf("R2")).toBe(600);
        expect(await finance.getCreditBalance("C-1")).toBe(0);
      });

      it("lets one of two concurrent re-matches win", async () => {
        const results = await Promise.allSettled([
          finance.rematchPayment(moveToSecond(0, 600)),
          finance.rematchPayment(moveToSecond(0, 500)),
        ]);

        expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
        for (const result of results) {
          if (result.status === "rejected") {
            expect((result.reason as AppError).code).toBe("ORDER_STATE_CONFLICT");
          }
        }
        expect((await finance.getPayment("pay_1"))?.version).toBe(1);
        expect(await paidOf("R1")).toBe(0);
      });

      it("reports a missing payment as NOT_FOUND", async () => {
        const change = moveToSecond(0, 600);
        const missing = { ...change, payment: { ...change.payment, paymentId: "pay_none" } };
        expect(await codeOf(finance.rematchPayment(missing))).toBe("NOT_FOUND");
      });
    });

    describe("receivables", () => {
      it("lists open receivables by due date, creation and id", async () => {
        await store.saveReceivable(receivable("R-a", { dueAt: T0 + 2, createdAt: T0 }));
        await store.saveReceivable(receivable("R-b", { dueAt: T0 + 1, createdAt: T0 + 5 }));
        await store.saveReceivable(receivable("R-c", { dueAt: T0 + 1, createdAt: T0 + 3 }));
        await store.saveReceivable(receivable("R-0d", { dueAt: T0 + 1, createdAt: T0 + 3 }));
        await store.saveReceivable(receivable("R-paid", { dueAt: T0, paidFen: 1000 }));
        await store.saveReceivable(receivable("R-other", { customerId: "C-2", dueAt: T0 - 5 }));

        const own = await finance.listOpenReceivables("C-1");
        const all = await finance.listOpenReceivables();

        expect(own.map((r) => r.receivableId)).toEqual(["R-0d", "R-c", "R-b", "R-a"]);
        expect(all.map((r) => r.receivableId)).toEqual(["R-0d", "R-c", "R-b", "R-a", "R-other"]);
        expect(own[0]).toEqual(receivable("R-0d", { dueAt: T0 + 1, createdAt: T0 + 3 }));
      });

      it("defaults createdAt to dueAt", async () => {
        const withoutCreatedAt = receivable("R-old", { dueAt: T0 - 50 });
        delete withoutCreatedAt.createdAt;
        await store.saveReceivable(withoutCreatedAt);

        const [found] = await finance.getReceivables(["R-old"]);

        expect(found.createdAt).toBe(T0 - 50);
        expect((await finance.listReceivablesCreated("C-1", T0 - 50, T0 - 49)).map((r) => r.receivableId)).toEqual([
          "R-old",
        ]);
      });

      it("gets receivables by id and skips unknown ids", async () => {
        await store.saveReceivable(receivable("R1"));
        await store.saveReceivable(receivable("R2", { customerId: "C-2", orderId: "ord_x" }));

        const found = await finance.getReceivables(["R2", "R-none", "R1"]);

        expect(found.map((r) => r.receivableId).sort()).toEqual(["R1", "R2"]);
        expect(found.find((r) => r.receivableId === "R2")).toEqual(receivable("R2", { customerId: "C-2", orderId: "ord_x" }));
        expect(await finance.getReceivables([])).toEqual([]);
      });

      it("lists receivables created in a window, paid ones too", async () => {
        await store.saveReceivable(receivable("R-before", { createdAt: T0 - 1 }));
        await store.saveReceivable(receivable("R-start", { createdAt: T0, paidFen: 1000 }));
        await store.saveReceivable(receivable("R-tie-b", { createdAt: T0 + 10 }));
        await store.saveReceivable(receivable("R-tie-a", { createdAt: T0 + 10 }));
        await store.saveReceivable(receivable("R-end", { createdAt: T0 + 20 }));
        await store.saveReceivable(receivable("R-other", { customerId: "C-2", createdAt: T0 + 5 }));

        const listed = await finance.listReceivablesCreated("C-1", T0, T0 + 20);

        expect(listed.map((r) => r.receivableId)).toEqual(["R-start", "R-tie-a", "R-tie-b"]);
      });
    });

    describe("credit balance", () => {
      beforeEach(async () => {
        await store.saveReceivable(receivable("R1", { amountFen: 1000 }));
        await store.saveReceivable(receivable("R2", { amountFen: 800, dueAt: T0 + 1 }));
      });

      it("is zero until a payment leaves credit", async () => {
        expect(await finance.getCreditBalance("C-1")).toBe(0);

        await finance.recordPayment({
          ...paying("pay_1", "BANK-OVER", "R1", 1000),
          credit: { customerId: "C-1", expectedFen: 0, balanceFen: 500 },
        });

        expect(await finance.getCreditBalance("C-1")).toBe(500);
        expect(await finance.getCreditBalance("C-2")).toBe(0);
      });

      it("applies credit to receivables", async () => {
        await finance.recordPayment({
          ...paying("pay_1", "BANK-OVER", "R1", 1000),
          credit: { customerId: "C-1", expectedFen: 0, balanceFen: 500 },
        });

        await finance.applyCredit({
          receivableUpdates: [{ receivableId: "R2", expectedPaidFen: 0, paidFen: 300 }],
          credit: { customerId: "C-1", expectedFen: 500, balanceFen: 200 },
          events: [event("credit.applied", T0 + 2)],
        });

        expect(await finance.getCreditBalance("C-1")).toBe(200);
        expect(await paidOf("R2")).toBe(300);
        expect(await outstandingOf("C-1")).toBe(500);
        expect(await finance.listEvents("credit.applied", T0, T0 + 10)).toHaveLength(1);
      });

      it("rejects a stale credit application and changes nothing", async () => {
        await finance.recordPayment({
          ...paying("pay_1", "BANK-OVER", "R1", 1000),
          credit: { customerId: "C-1", expectedFen: 0, balanceFen: 500 },
        });

        const staleCredit = finance.applyCredit({
          receivableUpdates: [{ receivableId: "R2", expectedPaidFen: 0, paidFen: 300 }],
          credit: { customerId: "C-1", expectedFen: 400, balanceFen: 100 },
          events: [event("credit.applied", T0 + 2)],
        });
        const staleReceivable = finance.applyCredit({
          receivableUpdates: [{ receivableId: "R2", expectedPaidFen: 100, paidFen: 400 }],
          credit: { customerId: "C-1", expectedFen: 500, balanceFen: 200 },
          events: [event("credit.applied", T0 + 2)],
        });

        expect(await codeOf(staleCredit)).toBe("ORDER_STATE_CONFLICT");
        expect(await codeOf(staleReceivable)).toBe("ORDER_STATE_CONFLICT");
        expect(await finance.getCreditBalance("C-1")).toBe(500);
        expect(await paidOf("R2")).toBe(0);
        expect(await finance.listEvents("credit.applied", T0, T0 + 10)).toEqual([]);
      });
    });

    describe("returns", () => {
      it("returns the first return for a repeated request id", async () => {
        const first = returnRecord("ret_1", "req-ret-1", [{ orderId: "ord_1", lineNo: 1, quantity: 2 }]);
        const second = returnRecord("ret_2", "req-ret-1", [{ orderId: "ord_1", lineNo: 1, quantity: 5 }]);

        expect(await finance.saveReturn(first)).toEqual({ returnRecord: first, isReplay: false });
        expect(await finance.saveReturn(second)).toEqual({ returnRecord: first, isReplay: true });
        expect(await finance.getReturn("ret_1")).toEqual(first);
        expect(await finance.getReturn("ret_2")).toBeNull();
        expect(await finance.returnedQuantities(["ord_1"])).toEqual([{ orderId: "ord_1", lineNo: 1, quantity: 2 }]);
      });

      it("opens one return for concurrent requests with one id", async () => {
        const attempts = ["ret_a", "ret_b"].map((returnId) =>
          returnRecord(returnId, "req-ret-race", [{ orderId: "ord_1", lineNo: 1, quantity: 3 }]),
        );

        const results = await Promise.all(attempts.map((attempt) => finance.saveReturn(attempt)));

        expect(results.filter((result) => !result.isReplay)).toHaveLength(1);
        expect(new Set(results.map((result) => result.returnRecord.returnId)).size).toBe(1);
        expect(await finance.returnedQuantities(["ord_1"])).toEqual([{ orderId: "ord_1", lineNo: 1, quantity: 3 }]);
      });

      it("sums returned quantities per order line", async () => {
        await finance.saveReturn(
          returnRecord("ret_1", "req-1", [
            { orderId: "ord_1", lineNo: 1, quantity: 2 },
            { orderId: "ord_2", lineNo: 1, quantity: 1 },
          ]),
        );
        await finance.saveReturn(
          returnRecord("ret_2", "req-2", [
            { orderId: "ord_1", lineNo: 1, quantity: 1 },
            { orderId: "ord_1", lineNo: 2, quantity: 3 },
          ]),
        );

        expect(await finance.returnedQuantities(["ord_2", "ord_1"])).toEqual([
          { orderId: "ord_1", lineNo: 1, quantity: 3 },
          { orderId: "ord_1", lineNo: 2, quantity: 3 },
          { orderId: "ord_2", lineNo: 1, quantity: 1 },
        ]);
        expect(await finance.returnedQuantities(["ord_2"])).toEqual([{ orderId: "ord_2", lineNo: 1, quantity: 1 }]);
        expect(await finance.returnedQuantities(["ord_none"])).toEqual([]);
        expect(await finance.returnedQuantities([])).toEqual([]);
      });

      describe("receiveReturn", () => {
        // 10 bottles at 150 fen are worth 1,500 fen; the order owes 1,000.
        let requested: ReturnRecord;

        beforeEach(async () => {
          await store.saveReceivable(receivable("R-ord1", { orderId: "ord_1", amountFen: 1000 }));
          requested = returnRecord("ret_1", "req-1", [{ orderId: "ord_1", lineNo: 1, quantity: 10 }]);
          await finance.saveReturn(requested);
        });

        it("puts stock back, writes a credit note and pays the order", async () => {
          const receipt = receiptOf(requested, { receivableId: "R-ord1", owedFen: 1000, creditFen: 0, creditNoteId: "cn_1" });

          const result = await finance.receiveReturn(receipt);

          expect(result.returnRecord).toEqual(receipt.returnRecord);
          expect(result.stock).toEqual([{ skuId: "SKU-A", onHand: 110, reserved: 0 }]);
          expect(await store.getStock(["SKU-A"])).toEqual([{ skuId: "SKU-A", onHand: 110, reserved: 0 }]);
          expect(await finance.getReturn("ret_1")).toEqual(receipt.returnRecord);
          expect(await finance.listCreditNotes("C-1", T0, T0 + 1000)).toEqual([receipt.creditNote]);
          expect(await paidOf("R-ord1")).toBe(1000);
          expect(await finance.getCreditBalance("C-1")).toBe(500);
          expect(await outstandingOf("C-1")).toBe(0);
          expect(await finance.listEvents("return.received", T0, T0 + 1000)).toHaveLength(1);
        });

        it("receives a return once", async () => {
          await finance.receiveReturn(
            receiptOf(requested, { receivableId: "R-ord1", owedFen: 1000, creditFen: 0, creditNoteId: "cn_1" }),
          );

          const again = receiptOf(requested, { receivableId: "R-ord1", owedFen: 1000, creditFen: 0, creditNoteId: "cn_2" });
          expect(await codeOf(finance.receiveReturn(again))).toBe("ORDER_STATE_CONFLICT");
          expect((await store.getStock(["SKU-A"]))[0].onHand).toBe(110);
          expect(await finance.listCreditNotes("C-1", T0, T0 + 1000)).toHaveLength(1);
          expect(await finance.getCreditBalance("C-1")).toBe(500);
        });

        it("lets one of two concurrent receipts through", async () => {
          const results = await Promise.allSettled(
            ["cn_a", "cn_b"].map((creditNoteId) =>
              finance.receiveReturn(receiptOf(requested, { receivableId: "R-ord1", owedFen: 1000, creditFen: 0, creditNoteId })),
            ),
          );

          expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
          expect((await store.getStock(["SKU-A"]))[0].onHand).toBe(110);
          expect(await finance.listCreditNotes("C-1", T0, T0 + 1000)).toHaveLength(1);
        });

        it("rejects a stale receivable and changes nothing", async () => {
          await finance.recordPayment(paying("pay_1", "CASH-1", "R-ord1", 100));

          const stale = receiptOf(requested, { receivableId: "R-ord1", owedFen: 1000, creditFen: 0, creditNoteId: "cn_1" });
          expect(await codeOf(finance.receiveReturn(stale))).toBe("ORDER_STATE_CONFLICT");
          expect((await finance.getReturn("ret_1"))?.status).toBe("requested");
          expect((await store.getStock(["SKU-A"]))[0].onHand).toBe(100);
          expect(await finance.listCreditNotes("C-1", T0, T0 + 1000)).toEqual([]);
        });

        it("reports a missing return as NOT_FOUND", async () => {
          const missing = receiptOf(
            { ...requested, returnId: "ret_none" },
            { receivableId: "R-ord1", owedFen: 1000, creditFen: 0, creditNoteId: "cn_1" },
          );
          expect(await codeOf(finance.receiveReturn(missing))).toBe("NOT_FOUND");
        });
      });

      it("lists credit notes of a customer in a window", async () => {
        await store.saveReceivable(receivable("R-1", { orderId: "ord_1", amountFen: 100 }));
        await store.saveReceivable(receivable("R-2", { orderId: "ord_2", amountFen: 100 }));
        await store.saveReceivable(receivable("R-3", { orderId: "ord_3", amountFen: 100, customerId: "C-2" }));
        const first = returnRecord("ret_1", "req-1", [{ orderId: "ord_1", lineNo: 1, quantity: 1 }]);
        const second = returnRecord("ret_2", "req-2", [{ orderId: "ord_2", lineNo: 1, quantity: 1 }]);
        const other = returnRecord("ret_3", "req-3", [{ orderId: "ord_3", lineNo: 1, quantity: 1 }], { customerId: "C-2" });
        for (const opened of [first, second, other]) await finance.saveReturn(opened);
        await finance.receiveReturn(receiptOf(first, { receivableId: "R-1", owedFen: 100, creditFen: 0, creditNoteId: "cn_1", at: T0 + 10 }));
        await finance.receiveReturn(receiptOf(second, { receivableId: "R-2", owedFen: 100, creditFen: 50, creditNoteId: "cn_2", at: T0 + 20 }));
        await finance.receiveReturn(receiptOf(other, { receivableId: "R-3", owedFen: 100, creditFen: 0, creditNoteId: "cn_3", at: T0 + 15 }));

        expect((await finance.listCreditNotes("C-1", T0, T0 + 21)).map((n) => n.creditNoteId)).toEqual(["cn_1", "cn_2"]);
        expect((await finance.listCreditNotes("C-1", T0 + 10, T0 + 20)).map((n) => n.creditNoteId)).toEqual(["cn_1"]);
        expect((await finance.listCreditNotes("C-2", T0, T0 + 21)).map((n) => n.creditNoteId)).toEqual(["cn_3"]);
      });
    });

    describe("ledger", () => {
      it("sums the balance before an instant", async () => {
        await store.saveReceivable(receivable("R-old", { amountFen: 1000, createdAt: T0 - 100, paidFen: 1000 }));
        await store.saveReceivable(receivable("R-new", { amountFen: 700, createdAt: T0 - 50 }));
        await store.saveReceivable(receivable("R-at", { amountFen: 300, createdAt: T0 }));
        await store.saveReceivable(receivable("R-ord", { amountFen: 400, createdAt: T0 - 60, orderId: "ord_1" }));
        await store.saveReceivable(receivable("R-other", { amountFen: 9000, createdAt: T0 - 100, customerId: "C-2" }));
        await finance.recordPayment({
          payment: payment("pay_1", "BANK-1", { amountFen: 250, receivedAt: T0 - 10 }),
          receivableUpdates: [{ receivableId: "R-new", expectedPaidFen: 0, paidFen: 250 }],
          events: [event("payment.recorded", T0 - 10)],
        });
        await finance.recordPayment({
          payment: payment("pay_2", "BANK-2", { amountFen: 100, receivedAt: T0 }),
          receivableUpdates: [{ receivableId: "R-new", expectedPaidFen: 250, paidFen: 350 }],
          events: [event("payment.recorded", T0)],
        });
        const opened = returnRecord("ret_1", "req-1", [{ orderId: "ord_1", lineNo: 1, quantity: 2 }]);
        await finance.saveReturn(opened);
        await finance.receiveReturn(
          receiptOf(opened, { receivableId: "R-ord", owedFen: 400, creditFen: 0, creditNoteId: "cn_1", at: T0 - 5 }),
        );

        expect(await finance.balanceBefore("C-1", T0)).toEqual({ debitsFen: 1000 + 700 + 400, creditsFen: 250 + 300 });
        expect(await finance.balanceBefore("C-1", T0 + 1)).toEqual({ debitsFen: 2400, creditsFen: 650 });
        expect(await finance.balanceBefore("C-1", T0 - 100)).toEqual({ debitsFen: 0, creditsFen: 0 });
        expect(await finance.balanceBefore("C-3", T0)).toEqual({ debitsFen: 0, creditsFen: 0 });
      });

      it("lists events of one action in a window, oldest first", async () => {
        await store.saveReceivable(receivable("R1", { amountFen: 1000 }));
        const at = [T0 + 30, T0 + 10, T0 + 20, T0 + 40];
        for (const [index, instant] of at.entries()) {
          await finance.recordPayment({
            payment: payment(`pay_${index}`, `REF-${index}`, { amountFen: 10 }),
            receivableUpdates: [{ receivableId: "R1", expectedPaidFen: index * 10, paidFen: index * 10 + 10 }],
            events: [event("payment.recorded", instant)],
          });
        }
        await finance.applyCredit({
          receivableUpdates: [],
          credit: { customerId: "C-1", expectedFen: 0, balanceFen: 0 },
          events: [event("credit.applied", T0 + 15)],
        });

        const listed = await finance.listEvents("payment.recorded", T0 + 10, T0 + 40);

        expect(listed.map((e) => e.at)).toEqual([T0 + 10, T0 + 20, T0 + 30]);
        expect(listed[0]).toMatchObject({ action: "payment.recorded", entityType: "customer", entityId: "C-1" });
        expect(await finance.listEvents("credit.applied", T0, T0 + 100)).toHaveLength(1);
        expect(await finance.listEvents("order.placed", T0, T0 + 100)).toEqual([]);
      });

      it("lists payments in a window, of one customer or all", async () => {
        await store.saveReceivable(receivable("R1", { amountFen: 1000 }));
        await store.saveReceivable(receivable("R2", { amountFen: 1000, customerId: "C-2" }));
        await finance.recordPayment({ ...paying("pay_b", "REF-B", "R1", 10), payment: payment("pay_b", "REF-B", { receivedAt: T0 + 5 }) });
        await finance.recordPayment({
          payment: payment("pay_a", "REF-A", { receivedAt: T0 + 5, customerId: "C-2" }),
          receivableUpdates: [],
          events: [],
        });
        await finance.recordPayment({ payment: payment("pay_c", "REF-C", { receivedAt: T0 }), receivableUpdates: [], events: [] });
        await finance.recordPayment({ payment: payment("pay_d", "REF-D", { receivedAt: T0 + 10 }), receivableUpdates: [], events: [] });

        const all = await finance.listPayments({ from: T0, before: T0 + 10 });
        const own = await finance.listPayments({ customerId: "C-1", from: T0, before: T0 + 11 });

        expect(all.map((p) => p.paymentId)).toEqual(["pay_c", "pay_a", "pay_b"]);
        expect(own.map((p) => p.paymentId)).toEqual(["pay_c", "pay_b", "pay_d"]);
      });
    });

    describe("statement shares", () => {
      function revocation(customerId: string, revokedBefore: number) {
        return { customerId, revokedBefore, event: event("statement.shares_revoked", revokedBefore, customerId) };
      }

      it("writes a share event to the customer's audit trail", async () => {
        const shared = { ...event("statement.share_created", T0), data: { month: "2026-11" } };

        await finance.addEvent(shared);

        expect(await store.getAuditTrail("customer", "C-1")).toEqual([shared]);
        expect(await finance.listEvents("statement.share_created", T0, T0 + 1)).toEqual([shared]);
      });

      it("records the revocation instant with its event", async () => {
        const revoke = revocation("C-1", T0 + 1000);

        const stored = await finance.revokeStatementShares(revoke);

        expect(stored).toBe(T0 + 1000);
        expect((await store.getCustomer("C-1"))?.statementSharesRevokedBefore).toBe(T0 + 1000);
        expect((await store.getCustomer("C-2"))?.statementSharesRevokedBefore).toBeUndefined();
        expect(await store.getAuditTrail("customer", "C-1")).toEqual([revoke.event]);
      });

      it("never moves the revocation instant back", async () => {
        await finance.revokeStatementShares(revocation("C-1", T0 + 5000));

        const stored = await finance.revokeStatementShares(revocation("C-1", T0 + 1000));

        expect(stored).toBe(T0 + 5000);
        expect((await store.getCustomer("C-1"))?.statementSharesRevokedBefore).toBe(T0 + 5000);
        expect(await store.getAuditTrail("customer", "C-1")).toHaveLength(2);
      });

      it("keeps the latest of concurrent revocations", async () => {
        const instants = [T0 + 3000, T0 + 1000, T0 + 2000];

        await Promise.all(instants.map((instant) => finance.revokeStatementShares(revocation("C-1", instant))));

        expect((await store.getCustomer("C-1"))?.statementSharesRevokedBefore).toBe(T0 + 3000);
        expect(await store.getAuditTrail("customer", "C-1")).toHaveLength(3);
      });

      it("reports an unknown customer as NOT_FOUND and writes nothing", async () => {
        const revoke = revocation("C-404", T0);

        expect(await codeOf(finance.revokeStatementShares(revoke))).toBe("NOT_FOUND");
        expect(await store.getCustomer("C-404")).toBeNull();
        expect(await store.getAuditTrail("customer", "C-404")).toEqual([]);
      });

      it("keeps the revocation instant when the customer is saved again", async () => {
        await finance.revokeStatementShares(revocation("C-1", T0 + 1000));

        await store.saveCustomer(testCustomer("C-1", { name: "改名客户" }));
        await store.saveCustomer({ ...testCustomer("C-2"), statementSharesRevokedBefore: T0 });

        const renamed = await store.getCustomer("C-1");
        expect(renamed?.name).toBe("改名客户");
        expect(renamed?.statementSharesRevokedBefore).toBe(T0 + 1000);
        expect((await store.getCustomer("C-2"))?.statementSharesRevokedBefore).toBeUndefined();
        expect((await store.listCustomers({ limit: 10 })).map((c) => c.statementSharesRevokedBefore)).toEqual([T0 + 1000, undefined]);
      });
    });

    describe("paging past 1,000", () => {
      it("lists and sums over 1,000 receivables of one customer", async () => {
        const count = 1010;
        const saved: ReceivableRecord[] = [];
        for (let i = 0; i < count; i += 1) {
          const record = receivable(`R${String(i).padStart(5, "0")}`, {
            amountFen: 100 + (i % 7),
            paidFen: i % 5 === 0 ? 100 + (i % 7) : 0,
            dueAt: T0 + (i % 13),
            createdAt: T0 - 10_000 + Math.floor(i / 3),
          });
          saved.push(record);
          await store.saveReceivable(record);
        }
        await store.saveReceivable(receivable("R-other", { customerId: "C-2" }));

        const open = await finance.listOpenReceivables("C-1");
        const everyOpen = await finance.listOpenReceivables();
        const created = await finance.listReceivablesCreated("C-1", T0 - 10_000, T0);
        const balance = await finance.balanceBefore("C-1", T0);
        const some = await finance.getReceivables(saved.slice(0, 150).map((r) => r.receivableId));

        const expectedOpen = saved
          .filter((r) => r.paidFen < r.amountFen)
          .sort((a, b) => a.dueAt - b.dueAt || (a.createdAt ?? 0) - (b.createdAt ?? 0) || (a.receivableId < b.receivableId ? -1 : 1));
        expect(expectedOpen.length).toBeGreaterThan(800);
        expect(open.map((r) => r.receivableId)).toEqual(expectedOpen.map((r) => r.receivableId));
        expect(everyOpen).toHaveLength(expectedOpen.length + 1);
        expect(created).toHaveLength(count);
        expect(created.map((r) => r.receivableId)).toEqual(saved.map((r) => r.receivableId));
        expect(balance.debitsFen).toBe(saved.reduce((sum, r) => sum + r.amountFen, 0));
        expect(some).toHaveLength(150);
        expect(await outstandingOf("C-1")).toBe(expectedOpen.reduce((sum, r) => sum + r.amountFen - r.paidFen, 0));
      });
    });

    describe("credit exposure", () => {
      function exposureOf(customerId: string, now = T0): Promise<CreditExposure> {
        return store.getCreditExposure(customerId, now);
      }

      async function place(baseQuantity: number, overrides: Partial<OrderDraft> = {}): Promise<OrderRecord> {
        const { order } = await store.placeOrder({
          ...orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity, createdAt: T0 }),
          ...overrides,
        });
        return order;
      }

      /** Applies a change to the order as stored now. */
      async function change(orderId: string, decide: (order: OrderRecord) => Omit<OrderChange, "orderId" | "expectedVersion">) {
        const current = await store.getOrder(orderId);
        if (!current) throw new Error(`order ${orderId} not found`);
        return store.applyOrderChange({ ...decide(current), orderId, expectedVersion: current.version ?? 0 });
      }

      function orderEvent(orderId: string, action: string) {
        return { ...event(action, T0 + 10, orderId), entityType: "order" as const };
      }

      it("follows an order from placement to payment", async () => {
        const order = await place(40); // 6,000 fen
        const other = await place(10); // 1,500 fen
        expect(await exposureOf("C-1")).toEqual({ outstandingFen: 0, overdueFen: 0, openOrdersFen: 7500 });

        await store.transitionOrder({
          orderId: other.orderId,
          from: ["pending_review"],
          to: "cancelled",
          releaseReservations: true,
          event: orderEvent(other.orderId, "order.cancelled"),
        });
        expect((await exposureOf("C-1")).openOrdersFen).toBe(6000);

        await change(order.orderId, (current) => ({
          next: { ...current, status: "partially_shipped" },
          stockMoves: [{ skuId: "SKU-A", onHandDelta: -15, reservedDelta: -15 }],
          reservationChanges: [{ lineNo: 1, baseDelta: -15 }],
          events: [orderEvent(order.orderId, "order.shipped")],
          receivables: [receivable("rcv-1", { orderId: order.orderId, amountFen: 2250, dueAt: T0 - 1 })],
        }));
        expect(await exposureOf("C-1")).toEqual({ outstandingFen: 2250, overdueFen: 2250, openOrdersFen: 3750 });

        await change(order.orderId, (current) => ({
          next: { ...current, status: "shipped" },
          stockMoves: [{ skuId: "SKU-A", onHandDelta: -25, reservedDelta: -25 }],
          reservationChanges: [{ lineNo: 1, baseDelta: -25 }],
          events: [orderEvent(order.orderId, "order.shipped")],
        }));
        expect((await exposureOf("C-1")).openOrdersFen).toBe(3750);

        await change(order.orderId, (current) => ({
          next: { ...current, status: "delivered" },
          events: [orderEvent(order.orderId, "order.delivered")],
          receivables: [receivable("rcv-2", { orderId: order.orderId, amountFen: 3750, dueAt: T0 + 1000 })],
        }));
        expect(await exposureOf("C-1")).toEqual({ outstandingFen: 6000, overdueFen: 2250, openOrdersFen: 0 });

        await finance.recordPayment(paying("pay_1", "BANK-1", "rcv-1", 1000));
        expect(await exposureOf("C-1")).toEqual({ outstandingFen: 5000, overdueFen: 1250, openOrdersFen: 0 });
        expect(await exposureOf("C-1", T0 + 1001)).toEqual({ outstandingFen: 5000, overdueFen: 5000, openOrdersFen: 0 });
        expect(await exposureOf("C-2")).toEqual({ outstandingFen: 0, overdueFen: 0, openOrdersFen: 0 });
      });

      it("releases rejected orders and follows amended totals", async () => {
        const rejected = await place(20); // 3,000 fen
        const amended = await place(10); // 1,500 fen
        expect((await exposureOf("C-1")).openOrdersFen).toBe(4500);

        await change(rejected.orderId, (current) => ({
          next: { ...current, status: "rejected" },
          stockMoves: [{ skuId: "SKU-A", onHandDelta: 0, reservedDelta: -20 }],
          reservationChanges: [{ lineNo: 1, baseDelta: -20, endState: "released" }],
          events: [orderEvent(rejected.orderId, "order.rejected")],
        }));
        expect((await exposureOf("C-1")).openOrdersFen).toBe(1500);

        await change(amended.orderId, (current) => ({
          next: { ...current, status: "approved" },
          events: [orderEvent(amended.orderId, "order.approved")],
        }));
        await change(amended.orderId, (current) => ({
          next: { ...current, totalFen: 900 },
          stockMoves: [{ skuId: "SKU-A", onHandDelta: 0, reservedDelta: -4 }],
          reservationChanges: [{ lineNo: 1, baseDelta: -4 }],
          events: [orderEvent(amended.orderId, "order.amended")],
        }));
        expect((await exposureOf("C-1")).openOrdersFen).toBe(900);

        // A receivable saved for an open order moves that much from open to owed.
        await store.saveReceivable(receivable("rcv-part", { orderId: amended.orderId, amountFen: 400, dueAt: T0 + 5 }));
        expect(await exposureOf("C-1")).toEqual({ outstandingFen: 400, overdueFen: 0, openOrdersFen: 500 });
        await store.saveReceivable(receivable("rcv-part", { orderId: amended.orderId, amountFen: 600, paidFen: 100, dueAt: T0 + 5 }));
        expect(await exposureOf("C-1")).toEqual({ outstandingFen: 500, overdueFen: 0, openOrdersFen: 300 });
      });

      it("reduces outstanding debt by credit and returns", async () => {
        await store.saveReceivable(receivable("R1", { amountFen: 1000, orderId: "ord_1" }));
        await store.saveReceivable(receivable("R2", { amountFen: 800, dueAt: T0 + 1 }));
        await finance.recordPayment({
          payment: payment("pay_1", "BANK-1", { amountFen: 500, unappliedFen: 500 }),
          receivableUpdates: [],
          credit: { customerId: "C-1", expectedFen: 0, balanceFen: 500 },
          events: [],
        });
        expect((await exposureOf("C-1")).outstandingFen).toBe(1800);

        await finance.applyCredit({
          receivableUpdates: [{ receivableId: "R2", expectedPaidFen: 0, paidFen: 500 }],
          credit: { customerId: "C-1", expectedFen: 500, balanceFen: 0 },
          events: [],
        });
        expect((await exposureOf("C-1")).outstandingFen).toBe(1300);

        const opened = returnRecord("ret_1", "req-1", [{ orderId: "ord_1", lineNo: 1, quantity: 4 }]);
        await finance.saveReturn(opened);
        await finance.receiveReturn(receiptOf(opened, { receivableId: "R1", owedFen: 1000, creditFen: 0, creditNoteId: "cn_1" }));
        expect(await exposureOf("C-1")).toEqual({ outstandingFen: 700, overdueFen: 0, openOrdersFen: 0 });
      });

      it("gives the credit rule the exposure at placement", async () => {
        await store.saveReceivable(receivable("R-due", { amountFen: 700, dueAt: T0 - 1 }));
        await place(10);
        const seen: CreditExposure[] = [];

        const placed = await place(20, {
          creditCheck: (exposure) => {
            seen.push(exposure);
            return [{ code: "CREDIT_HOLD" }];
          },
        });

        expect(seen).toEqual([{ outstandingFen: 700, overdueFen: 700, openOrdersFen: 1500 }]);
        expect(placed.flags).toEqual([{ code: "CREDIT_HOLD" }]);
        expect((await store.getOrder(placed.orderId))?.flags).toEqual([{ code: "CREDIT_HOLD" }]);
        expect((await exposureOf("C-1")).openOrdersFen).toBe(4500);
      });

      it("lets one of two concurrent orders through a limit they cross together", async () => {
        const limitFen = 10_000;
        const withinLimit = (totalFen: number) => (exposure: CreditExposure) => {
          if (exposure.outstandingFen + (exposure.openOrdersFen ?? 0) + totalFen > limitFen) {
            throw new AppError("CREDIT_BLOCKED", "over the limit", { overdueFen: exposure.overdueFen });
          }
          return [];
        };
        const drafts = [1, 2].map(() => {
          const draft = orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 40, createdAt: T0 });
          return { ...draft, creditCheck: withinLimit(draft.order.totalFen) };
        });

        const results = await Promise.allSettled(drafts.map((draft) => store.placeOrder(draft)));

        const codes = results.map((result) =>
          result.status === "fulfilled" ? "OK" : result.reason instanceof AppError ? result.reason.code : String(result.reason),
        );
        expect(codes.sort()).toEqual(["CREDIT_BLOCKED", "OK"]);
        expect((await exposureOf("C-1")).openOrdersFen).toBe(6000);
        expect((await store.getStock(["SKU-A"]))[0].reserved).toBe(40);
      });

      it("counts a replayed order once", async () => {
        const draft = orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 10, createdAt: T0, requestId: "req-once" });
        let checks = 0;
        const counted: OrderDraft = {
          ...draft,
          creditCheck: () => {
            checks += 1;
            return [];
          },
        };

        await store.placeOrder(counted);
        const replay = await store.placeOrder({ ...counted, order: { ...counted.order, orderId: "ord_twin" } });

        expect(replay.isReplay).toBe(true);
        expect(checks).toBe(1);
        expect((await exposureOf("C-1")).openOrdersFen).toBe(1500);
      });
    });
  });
}
