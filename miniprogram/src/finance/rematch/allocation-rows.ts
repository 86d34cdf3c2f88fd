import { formatFen, parseYuanToFen } from "../../../../shared/money";
import type { CustomerAgeingView, PaymentView } from "../../../../shared/schemas/finance";

/** A receivable the payment may settle, with how much of it this payment may take. */
export interface AllocationRow {
  receivableId: string;
  orderId?: string;
  orderNo?: string;
  /** What this payment settles now. */
  currentFen: number;
  /** Outstanding plus what this payment already settles: the most it may take. */
  maxFen: number;
  dueAt?: string;
  daysOverdue: number;
}

/**
 * Lists the receivables a re-match may use: the payment's current
 * allocations and the customer's open items, most overdue first.
 */
export function allocationRows(payment: PaymentView, open: CustomerAgeingView | undefined): AllocationRow[] {
  const rows = new Map<string, AllocationRow>();
  for (const allocation of payment.allocations) {
    const row = rows.get(allocation.receivableId) ?? {
      receivableId: allocation.receivableId,
      ...(allocation.orderId ? { orderId: allocation.orderId } : {}),
      ...(allocation.orderNo ? { orderNo: allocation.orderNo } : {}),
      currentFen: 0,
      maxFen: 0,
      daysOverdue: 0,
    };
    row.currentFen += allocation.amountFen;
    row.maxFen += allocation.amountFen;
    rows.set(allocation.receivableId, row);
  }
  for (const item of open?.items ?? []) {
    const row = rows.get(item.receivableId) ?? {
      receivableId: item.receivableId,
      ...(item.orderId ? { orderId: item.orderId } : {}),
      currentFen: 0,
      maxFen: 0,
      daysOverdue: 0,
    };
    row.maxFen += item.outstandingFen;
    row.dueAt = item.dueAt;
    row.daysOverdue = item.daysOverdue;
    rows.set(item.receivableId, row);
  }
  return [...rows.values()].sort(
    (a, b) => b.daysOverdue - a.daysOverdue || (a.dueAt ?? "").localeCompare(b.dueAt ?? ""),
  );
}

/** The amounts to show first: what the payment settles now, in yuan. */
export function currentAmounts(rows: readonly AllocationRow[]): Record<string, string> {
  return Object.fromEntries(
    rows.map((row) => [row.receivableId, row.currentFen > 0 ? formatFen(row.currentFen) : ""]),
  );
}

/** Spreads the payment over the rows in their order, each up to its maximum. */
export function fillByDueDate(rows: readonly AllocationRow[], paymentFen: number): Record<string, string> {
  let left = paymentFen;
  return Object.fromEntries(
    rows.map((row) => {
      const take = Math.min(left, row.maxFen);
      left -= take;
      return [row.receivableId, take > 0 ? formatFen(take) : ""];
    }),
  );
}

export type ParsedAllocations =
  | { ok: true; allocations: { receivableId: string; amountFen: number }[]; totalFen: number }
  | { ok: false; receivableId?: string; message: string };

/** Parses the typed yuan amounts and checks them against each row and the payment. */
export function parseAllocations(
  rows: readonly AllocationRow[],
  amounts: Record<string, string>,
  paymentFen: number,
): ParsedAllocations {
  const allocations: { receivableId: string; amountFen: number }[] = [];
  for (const row of rows) {
    const text = (amounts[row.receivableId] ?? "").trim();
    if (text === "") continue;
    let fen: number;
    try {
      fen = parseYuanToFen(text);
    } catch {
      return { ok: false, receivableId: row.receivableId, message: "金额格式不对：最多两位小数" };
    }
    if (fen < 0) return { ok: false, receivableId: row.receivableId, message: "金额不能为负" };
    if (fen > row.maxFen) {
      return { ok: false, receivableId: row.receivableId, message: `最多可匹配 ${formatFen(row.maxFen)} 元` };
    }
    if (fen > 0) allocations.push({ receivableId: row.receivableId, amountFen: fen });
  }
  const totalFen = allocations.reduce((sum, allocation) => sum + allocation.amountFen, 0);
  if (totalFen > paymentFen) {
    return { ok: false, message: `匹配合计超过收款金额 ${formatFen(paymentFen)} 元` };
  }
  return { ok: true, allocations, totalFen };
}
