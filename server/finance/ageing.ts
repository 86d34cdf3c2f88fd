import { chinaDate, startOfChinaDate, toChinaIso } from "../../shared/china-time";
import type { AgeBucket, CustomerAgeingView, ReceivablesAgeingView } from "../../shared/schemas/finance";
import { AppError } from "../../shared/errors";
import { assertCanSeeCustomer, canSeeCustomer } from "../core/access";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";
import type { ReceivableRecord } from "../store/records";
import { financeOf } from "./context";

const DAY_MS = 24 * 60 * 60 * 1000;
export const AGE_BUCKETS = ["current", "1-30", "31-60", "61-90", "over90"] as const satisfies readonly AgeBucket[];
type Bucket = AgeBucket;

/** Returns the age bucket of a receivable on a China-time date, by whole days overdue. */
export function bucketOf(dueAt: number, asOfDayStart: number): { bucket: Bucket; daysOverdue: number } {
  const daysOverdue = dueAt >= asOfDayStart ? 0 : Math.ceil((asOfDayStart - dueAt) / DAY_MS);
  if (daysOverdue === 0) return { bucket: "current", daysOverdue };
  if (daysOverdue <= 30) return { bucket: "1-30", daysOverdue };
  if (daysOverdue <= 60) return { bucket: "31-60", daysOverdue };
  if (daysOverdue <= 90) return { bucket: "61-90", daysOverdue };
  return { bucket: "over90", daysOverdue };
}

export type CustomerAgeing = CustomerAgeingView;

/**
 * Outstanding receivables per customer by age bucket on a China-time date
 * (today by default), most overdue customers first. Salespeople see only
 * their customers.
 */
export async function receivablesAgeing(
  runtime: Runtime,
  caller: Caller,
  input: { date?: string; customerId?: string; cursor?: string; limit?: number },
): Promise<ReceivablesAgeingView> {
  const finance = financeOf(runtime);
  if (input.customerId) {
    // A customer the caller may not see is FORBIDDEN, not an empty list.
    const named = await runtime.store.getCustomer(input.customerId);
    if (!named) throw new AppError("NOT_FOUND", `customer ${input.customerId} not found`);
    assertCanSeeCustomer(caller, named);
  }
  const date = input.date ?? chinaDate(runtime.now());
  const dayStart = startOfChinaDate(date).getTime();
  const open = await finance.listOpenReceivables(input.customerId);

  const byCustomer = new Map<string, ReceivableRecord[]>();
  for (const receivable of open) {
    byCustomer.set(receivable.customerId, [...(byCustomer.get(receivable.customerId) ?? []), receivable]);
  }
  const empty = (): Record<Bucket, number> => ({ current: 0, "1-30": 0, "31-60": 0, "61-90": 0, over90: 0 });
  const totals = empty();
  const customers: CustomerAgeing[] = [];
  for (const [customerId, receivables] of byCustomer) {
    const customer = await runtime.store.getCustomer(customerId);
    if (!customer || !canSeeCustomer(caller, customer)) continue;
    const buckets = empty();
    const items = receivables.map((receivable) => {
      const outstandingFen = receivable.amountFen - receivable.paidFen;
      const { bucket, daysOverdue } = bucketOf(receivable.dueAt, dayStart);
      buckets[bucket] += outstandingFen;
      totals[bucket] += outstandingFen;
      return {
        receivableId: receivable.receivableId,
        ...(receivable.orderId ? { orderId: receivable.orderId } : {}),
        outstandingFen,
        dueAt: toChinaIso(receivable.dueAt),
        daysOverdue,
      };
    });
    items.sort((a, b) => b.daysOverdue - a.daysOverdue || (a.receivableId < b.receivableId ? -1 : 1));
    customers.push({
      customerId,
      customerName: customer.name,
      outstandingFen: items.reduce((sum, item) => sum + item.outstandingFen, 0),
      buckets,
      items,
    });
  }
  customers.sort(
    (a, b) =>
      (b.items[0]?.daysOverdue ?? 0) - (a.items[0]?.daysOverdue ?? 0) ||
      b.outstandingFen - a.outstandingFen ||
      (a.customerId < b.customerId ? -1 : 1),
  );

  const limit = input.limit ?? 50;
  const start = input.cursor ? Number(input.cursor) : 0;
  const page = customers.slice(start, start + limit);
  return {
    date,
    totals,
    customers: page,
    nextCursor: start + limit < customers.length ? String(start + limit) : null,
  };
}
