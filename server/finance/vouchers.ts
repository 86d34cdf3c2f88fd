import { chinaDate, addChinaDays, startOfChinaDate } from "../../shared/china-time";
import { AppError } from "../../shared/errors";
import type { DailyReconciliationView, VoucherView } from "../../shared/schemas/finance";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";
import { financeOf } from "./context";
import { toPaymentView } from "./payments";

export type Voucher = VoucherView;

/** One reconciliation voucher per payment: what it settled, the difference and who matched it. */
export async function listVouchers(
  runtime: Runtime,
  _caller: Caller,
  input: { paymentId?: string; date?: string },
): Promise<{ items: Voucher[] }> {
  const finance = financeOf(runtime);
  let payments;
  if (input.paymentId) {
    const payment = await finance.getPayment(input.paymentId);
    if (!payment) throw new AppError("NOT_FOUND", `payment ${input.paymentId} not found`);
    payments = [payment];
  } else {
    const date = input.date ?? chinaDate(runtime.now());
    payments = await finance.listPayments({
      from: startOfChinaDate(date).getTime(),
      before: startOfChinaDate(addChinaDays(date, 1)).getTime(),
    });
  }

  const items: Voucher[] = [];
  for (const payment of payments) {
    const view = await toPaymentView(runtime, payment);
    items.push({
      voucherNo: `PV${chinaDate(payment.receivedAt).replace(/-/g, "")}-${payment.paymentId.slice(-6).toUpperCase()}`,
      payment: view,
      settledFen: payment.amountFen - payment.unappliedFen,
      differenceFen: payment.unappliedFen,
      matchedBy: [...new Set(payment.allocations.map((allocation) => allocation.matchedBy))],
    });
  }
  return { items };
}

/**
 * The day's reconciliation in China time: amounts shipped and delivered,
 * payments by method, and payments not fully matched.
 */
export async function dailyReconciliation(
  runtime: Runtime,
  _caller: Caller,
  input: { date: string },
): Promise<DailyReconciliationView> {
  const finance = financeOf(runtime);
  const from = startOfChinaDate(input.date).getTime();
  const before = startOfChinaDate(addChinaDays(input.date, 1)).getTime();

  const shipped = await finance.listEvents("order.shipped", from, before);
  const payments = await finance.listPayments({ from, before });
  const paymentsByMethod: Record<string, { count: number; amountFen: number }> = {};
  for (const payment of payments) {
    const entry = paymentsByMethod[payment.method] ?? { count: 0, amountFen: 0 };
    entry.count += 1;
    entry.amountFen += payment.amountFen;
    paymentsByMethod[payment.method] = entry;
  }
  return {
    date: input.date,
    shippedFen: shipped.reduce((sum, event) => sum + Number(event.data?.amountFen ?? 0), 0),
    shipments: shipped.length,
    paymentsByMethod,
    paymentsFen: payments.reduce((sum, payment) => sum + payment.amountFen, 0),
    unmatched: payments
      .filter((payment) => payment.unappliedFen > 0)
      .map((payment) => ({ paymentId: payment.paymentId, customerId: payment.customerId, unappliedFen: payment.unappliedFen })),
  };
}
