import { AppError } from "../../shared/errors";
import type { PaymentView } from "../../shared/schemas/finance";
import type { Caller } from "../core/caller";
import { newId } from "../core/ids";
import type { Runtime } from "../core/runtime";
import { financeOf, withRetry } from "./context";
import { matchAmount } from "./matching";
import { paidUpdates, toPaymentView } from "./payments";
import type { Allocation } from "./records";

/**
 * Replaces a payment's matching with the one finance chose by hand. The
 * old allocations are undone and the new ones applied in one step; what is
 * not allocated becomes customer credit. Before and after go to the audit
 * trail.
 */
export async function rematchPayment(
  runtime: Runtime,
  caller: Caller,
  input: { paymentId: string; allocations: { receivableId: string; amountFen: number }[]; reason: string },
): Promise<PaymentView> {
  const finance = financeOf(runtime);

  const updated = await withRetry(async () => {
    const payment = await finance.getPayment(input.paymentId);
    if (!payment) throw new AppError("NOT_FOUND", `payment ${input.paymentId} not found`);
    const total = input.allocations.reduce((sum, allocation) => sum + allocation.amountFen, 0);
    if (total > payment.amountFen) {
      throw new AppError("INVALID_INPUT", "allocations exceed the payment", [
        { path: ["allocations"], code: "over_payment", message: `payment is ${payment.amountFen} fen` },
      ]);
    }
    const ids = [...new Set([...payment.allocations, ...input.allocations].map((a) => a.receivableId))];
    const receivables = await finance.getReceivables(ids);
    for (const receivable of receivables) {
      if (receivable.customerId !== payment.customerId) {
        throw new AppError("INVALID_INPUT", `receivable ${receivable.receivableId} belongs to another customer`);
      }
    }

    const now = runtime.now();
    const allocations: Allocation[] = input.allocations.map((allocation) => ({
      receivableId: allocation.receivableId,
      ...(receivables.find((r) => r.receivableId === allocation.receivableId)?.orderId
        ? { orderId: receivables.find((r) => r.receivableId === allocation.receivableId)?.orderId }
        : {}),
      amountFen: allocation.amountFen,
      mode: "manual",
      matchedBy: caller.userId,
      matchedAt: now,
    }));
    const unappliedFen = payment.amountFen - total;
    const credit = await finance.getCreditBalance(payment.customerId);
    const nextCredit = credit - payment.unappliedFen + unappliedFen;
    if (nextCredit < 0) {
      throw new AppError("ORDER_STATE_CONFLICT", "the credit from this payment was already used; re-match the later items first", {
        paymentId: payment.paymentId,
      });
    }

    return finance.rematchPayment({
      expectedVersion: payment.version,
      payment: { ...payment, allocations, unappliedFen },
      receivableUpdates: paidUpdates(receivables, allocations, payment.allocations),
      ...(nextCredit !== credit
        ? { credit: { customerId: payment.customerId, expectedFen: credit, balanceFen: nextCredit } }
        : {}),
      events: [
        {
          eventId: newId("evt"),
          entityType: "customer",
          entityId: payment.customerId,
          action: "payment.rematched",
          actorId: caller.userId,
          actorRole: caller.role,
          at: now,
          data: {
            paymentId: payment.paymentId,
            reason: input.reason,
            before: payment.allocations.map(({ receivableId, amountFen }) => ({ receivableId, amountFen })),
            after: allocations.map(({ receivableId, amountFen }) => ({ receivableId, amountFen })),
          },
        },
      ],
    });
  });
  return toPaymentView(runtime, updated);
}

/**
 * Spends a customer's credit balance on their open receivables, oldest
 * first. Called after new receivables appear, so credit from an earlier
 * overpayment or return is "used next".
 */
export async function applyCustomerCredit(runtime: Runtime, customerId: string, actorId: string): Promise<number> {
  const finance = financeOf(runtime);
  return withRetry(async () => {
    const credit = await finance.getCreditBalance(customerId);
    if (credit === 0) return 0;
    const open = await finance.listOpenReceivables(customerId);
    const match = matchAmount(credit, open);
    const used = credit - match.remainderFen;
    if (used === 0) return 0;
    const now = runtime.now();
    await finance.applyCredit({
      receivableUpdates: paidUpdates(open, match.allocations),
      credit: { customerId, expectedFen: credit, balanceFen: match.remainderFen },
      events: [
        {
          eventId: newId("evt"),
          entityType: "customer",
          entityId: customerId,
          action: "credit.applied",
          actorId,
          actorRole: "system",
          at: now,
          data: { usedFen: used, allocations: match.allocations.map(({ receivableId, amountFen }) => ({ receivableId, amountFen })) },
        },
      ],
    });
    return used;
  });
}
