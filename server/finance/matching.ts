import type { ReceivableRecord } from "../store/records";
import type { Allocation } from "./records";

export type ProposedAllocation = Pick<Allocation, "receivableId" | "orderId" | "amountFen" | "mode">;

export interface MatchResult {
  allocations: ProposedAllocation[];
  /** Amount left after matching, to hold as customer credit. */
  remainderFen: number;
}

function outstanding(receivable: ReceivableRecord): number {
  return receivable.amountFen - receivable.paidFen;
}

function byAge(a: ReceivableRecord, b: ReceivableRecord): number {
  if (a.dueAt !== b.dueAt) return a.dueAt - b.dueAt;
  const created = (a.createdAt ?? 0) - (b.createdAt ?? 0);
  if (created !== 0) return created;
  // Code-unit order, as SQLite's ORDER BY on the id column sorts.
  if (a.receivableId === b.receivableId) return 0;
  return a.receivableId < b.receivableId ? -1 : 1;
}

/**
 * Matches an amount to a customer's open receivables. First, if the amount
 * equals everything one order still owes, it settles that order (the
 * oldest such order when several match). Otherwise it pays receivables
 * oldest due first. Whatever is left is the remainder.
 */
export function matchAmount(amountFen: number, open: readonly ReceivableRecord[]): MatchResult {
  const sorted = [...open].filter((receivable) => outstanding(receivable) > 0).sort(byAge);

  const byOrder = new Map<string, ReceivableRecord[]>();
  for (const receivable of sorted) {
    const key = receivable.orderId ?? `receivable:${receivable.receivableId}`;
    byOrder.set(key, [...(byOrder.get(key) ?? []), receivable]);
  }
  for (const group of byOrder.values()) {
    const owed = group.reduce((sum, receivable) => sum + outstanding(receivable), 0);
    if (owed === amountFen) {
      return {
        allocations: group.map((receivable) => ({
          receivableId: receivable.receivableId,
          ...(receivable.orderId ? { orderId: receivable.orderId } : {}),
          amountFen: outstanding(receivable),
          mode: "exact",
        })),
        remainderFen: 0,
      };
    }
  }

  const allocations: ProposedAllocation[] = [];
  let left = amountFen;
  for (const receivable of sorted) {
    if (left === 0) break;
    const applied = Math.min(left, outstanding(receivable));
    allocations.push({
      receivableId: receivable.receivableId,
      ...(receivable.orderId ? { orderId: receivable.orderId } : {}),
      amountFen: applied,
      mode: "oldest",
    });
    left -= applied;
  }
  return { allocations, remainderFen: left };
}
