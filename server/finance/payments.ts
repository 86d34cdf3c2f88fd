import { AppError } from "../../shared/errors";
import { toChinaIso } from "../../shared/china-time";
import type { PaymentView } from "../../shared/schemas/finance";
import type { Caller } from "../core/caller";
import { newId } from "../core/ids";
import type { Runtime } from "../core/runtime";
import type { ReceivableRecord } from "../store/records";
import { financeOf, withRetry } from "./context";
import { matchAmount } from "./matching";
import type { ReceivableUpdate } from "./port";
import type { Allocation, PaymentMethod, PaymentRecord } from "./records";

/** Converts a payment to the wire shape, naming the orders it settled. */
export async function toPaymentView(runtime: Runtime, payment: PaymentRecord): Promise<PaymentView> {
  const orderNos = new Map<string, string>();
  for (const orderId of new Set(payment.allocations.flatMap((a) => (a.orderId ? [a.orderId] : [])))) {
    const order = await runtime.store.getOrder(orderId);
    if (order) orderNos.set(orderId, order.orderNo);
  }
  return {
    paymentId: payment.paymentId,
    externalRef: payment.externalRef,
    customerId: payment.customerId,
    amountFen: payment.amountFen,
    method: payment.method,
    receivedAt: toChinaIso(payment.receivedAt),
    recordedBy: payment.recordedBy,
    allocations: payment.allocations.map((allocation) => ({
      receivableId: allocation.receivableId,
      ...(allocation.orderId ? { orderId: allocation.orderId } : {}),
      ...(allocation.orderId && orderNos.has(allocation.orderId) ? { orderNo: orderNos.get(allocation.orderId) } : {}),
      amountFen: allocation.amountFen,
      mode: allocation.mode,
      matchedBy: allocation.matchedBy,
      matchedAt: toChinaIso(allocation.matchedAt),
    })),
    unappliedFen: payment.unappliedFen,
  };
}

function sameNotice(payment: PaymentRecord, input: { customerId: string; amountFen: number }): boolean {
  return payment.customerId === input.customerId && payment.amountFen === input.amountFen;
}

/**
 * Records a payment and matches it to the customer's open receivables.
 * It settles one order's whole debt when the amount equals it, else pays
 * the oldest due first, and any remainder becomes customer credit. The
 * same external reference posted again returns the first payment, as
 * first seen.
 */
export async function recordPayment(
  runtime: Runtime,
  caller: Caller,
  input: {
    externalRef: string;
    customerId: string;
    amountFen: number;
    method: PaymentMethod;
    receivedAt?: string;
    note?: string;
  },
): Promise<PaymentView> {
  const finance = financeOf(runtime);
  const customer = await runtime.store.getCustomer(input.customerId);
  if (!customer) throw new AppError("NOT_FOUND", `customer ${input.customerId} not found`);

  const payment = await withRetry(async () => {
    const earlier = await finance.findPaymentByRef(input.externalRef);
    if (earlier) return earlier;

    const now = runtime.now();
    const open = await finance.listOpenReceivables(customer.customerId);
    const match = matchAmount(input.amountFen, open);
    const credit = await finance.getCreditBalance(customer.customerId);
    const allocations: Allocation[] = match.allocations.map((allocation) => ({
      ...allocation,
      matchedBy: caller.userId,
      matchedAt: now,
    }));
    const record: PaymentRecord = {
      paymentId: newId("pay"),
      externalRef: input.externalRef,
      customerId: customer.customerId,
      amountFen: input.amountFen,
      method: input.method,
      receivedAt: input.receivedAt ? Date.parse(input.receivedAt) : now,
      recordedBy: caller.userId,
      recordedAt: now,
      allocations,
      unappliedFen: match.remainderFen,
      ...(input.note ? { note: input.note } : {}),
      version: 0,
    };
    const result = await finance.recordPayment({
      payment: record,
      receivableUpdates: paidUpdates(open, allocations),
      ...(match.remainderFen > 0
        ? { credit: { customerId: customer.customerId, expectedFen: credit, balanceFen: credit + match.remainderFen } }
        : {}),
      events: [
        {
          eventId: newId("evt"),
          entityType: "customer",
          entityId: customer.customerId,
          action: "payment.recorded",
          actorId: caller.userId,
          actorRole: caller.role,
          at: now,
          data: {
            paymentId: record.paymentId,
            externalRef: record.externalRef,
            amountFen: record.amountFen,
            allocations: allocations.map(({ receivableId, amountFen, mode }) => ({ receivableId, amountFen, mode })),
            unappliedFen: record.unappliedFen,
          },
        },
      ],
    });
    return result.payment;
  });

  if (!sameNotice(payment, input)) {
    throw new AppError("IDEMPOTENCY_CONFLICT", `reference ${input.externalRef} was already used for another payment`, {
      paymentId: payment.paymentId,
    });
  }
  runtime.logger.info({ paymentId: payment.paymentId, customerId: payment.customerId }, "payment recorded");
  return toPaymentView(runtime, payment);
}

/** Receivable updates that add each allocation to what was paid. */
export function paidUpdates(
  receivables: readonly ReceivableRecord[],
  allocations: readonly { receivableId: string; amountFen: number }[],
  undo: readonly { receivableId: string; amountFen: number }[] = [],
): ReceivableUpdate[] {
  const delta = new Map<string, number>();
  for (const allocation of allocations) {
    delta.set(allocation.receivableId, (delta.get(allocation.receivableId) ?? 0) + allocation.amountFen);
  }
  for (const allocation of undo) {
    delta.set(allocation.receivableId, (delta.get(allocation.receivableId) ?? 0) - allocation.amountFen);
  }
  const updates: ReceivableUpdate[] = [];
  for (const [receivableId, change] of delta) {
    if (change === 0) continue;
    const receivable = receivables.find((candidate) => candidate.receivableId === receivableId);
    if (!receivable) throw new AppError("NOT_FOUND", `receivable ${receivableId} not found`);
    const paidFen = receivable.paidFen + change;
    if (paidFen < 0 || paidFen > receivable.amountFen) {
      throw new AppError("INVALID_INPUT", `receivable ${receivableId} cannot take ${change} fen`, [
        { path: ["allocations"], code: "over_allocation", message: `outstanding ${receivable.amountFen - receivable.paidFen} fen` },
      ]);
    }
    updates.push({ receivableId, expectedPaidFen: receivable.paidFen, paidFen });
  }
  return updates;
}
