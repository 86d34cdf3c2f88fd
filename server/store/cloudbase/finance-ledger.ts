/**
 * The guarded receivable and credit-balance updates that payments, credit
 * applications and returns share.
 *
 * Each update names the value it was computed from. The transaction reads
 * the receivable or balance by id, checks that value, and then writes the
 * document. A concurrent change that wrote it first makes this write
 * conflict, so the re-run reads the new value, fails the check and throws
 * ORDER_STATE_CONFLICT for the service to decide again. Every check runs
 * before the first write.
 */

import { AppError } from "../../../shared/errors";
import type { CreditUpdate, ReceivableUpdate } from "../../finance/port";
import type { AuditEventRecord, ReceivableRecord } from "../records";
import type { StoreContext } from "./context";
import {
  applyCreditAccountChanges,
  CreditAccountChanges,
  OUTSTANDING_FIELD,
  toReceivable,
} from "./credit";
import { toDocument } from "./documents";
import type { Transaction } from "./sdk";
import { expectOneUpdated, readInTransaction } from "./transaction";

/** A document's value as read and as it is to be written. */
interface LedgerWrite {
  id: string;
  before: number;
  after: number;
}

/** Checked updates, ready to write. */
export interface LedgerPlan {
  /** Paid amounts of receivables, with their amounts to keep outstandingFen. */
  receivables: (LedgerWrite & { amountFen: number })[];
  /** The customer's credit balance; `exists` is false for a new document. */
  credit?: LedgerWrite & { exists: boolean };
  /** The outstanding amounts the receivable updates change. */
  accounts: CreditAccountChanges;
}

function staleReceivable(receivableId: string): AppError {
  return new AppError(
    "ORDER_STATE_CONFLICT",
    `receivable ${receivableId} changed meanwhile; retry`,
    { receivableId },
  );
}

/**
 * Reads and checks every receivable update and the credit update. Several
 * updates of one receivable apply in order, as in the SQLite adapter.
 * Throws ORDER_STATE_CONFLICT when a receivable is missing, its paid amount
 * is not the expected one or the new one is outside 0..amountFen, or when
 * the credit balance is not the expected one or would go below zero.
 */
export async function planLedger(
  context: StoreContext,
  transaction: Transaction,
  updates: readonly ReceivableUpdate[],
  credit: CreditUpdate | undefined,
): Promise<LedgerPlan> {
  const accounts = new CreditAccountChanges();
  const current = new Map<string, ReceivableRecord>();
  const readPaidFen = new Map<string, number>();

  for (const update of updates) {
    let receivable = current.get(update.receivableId);
    if (receivable === undefined) {
      const stored = await readInTransaction(
        context,
        transaction,
        "receivables",
        update.receivableId,
      );
      if (stored === null) throw staleReceivable(update.receivableId);
      receivable = toReceivable(stored);
      readPaidFen.set(update.receivableId, receivable.paidFen);
    }
    if (
      receivable.paidFen !== update.expectedPaidFen ||
      update.paidFen < 0 ||
      update.paidFen > receivable.amountFen
    ) {
      throw staleReceivable(update.receivableId);
    }
    const next = { ...receivable, paidFen: update.paidFen };
    accounts.replaceReceivable(receivable, next);
    current.set(update.receivableId, next);
  }

  let creditWrite: LedgerPlan["credit"];
  if (credit) {
    const stored = await readInTransaction(
      context,
      transaction,
      "credit_balances",
      credit.customerId,
    );
    const balanceFen = Number(stored?.balanceFen ?? 0);
    if (balanceFen !== credit.expectedFen || credit.balanceFen < 0) {
      throw new AppError(
        "ORDER_STATE_CONFLICT",
        `credit balance of ${credit.customerId} changed meanwhile; retry`,
        { customerId: credit.customerId },
      );
    }
    creditWrite = {
      id: credit.customerId,
      before: balanceFen,
      after: credit.balanceFen,
      exists: stored !== null,
    };
  }

  return {
    receivables: [...current.values()].map((receivable) => ({
      id: receivable.receivableId,
      before: readPaidFen.get(receivable.receivableId) ?? receivable.paidFen,
      after: receivable.paidFen,
      amountFen: receivable.amountFen,
    })),
    credit: creditWrite,
    accounts,
  };
}

/**
 * Writes a checked plan, except the credit accounts, which the caller
 * writes with its own changes. A value that does not change is not
 * written, because such an update reports 0 documents updated.
 */
export async function writeLedger(
  context: StoreContext,
  transaction: Transaction,
  plan: LedgerPlan,
): Promise<void> {
  for (const receivable of plan.receivables) {
    if (receivable.after === receivable.before) continue;
    const result = await context
      .inTransaction(transaction, "receivables")
      .doc(receivable.id)
      .update({
        paidFen: receivable.after,
        [OUTSTANDING_FIELD]: receivable.amountFen - receivable.after,
      });
    expectOneUpdated(result, `receivable ${receivable.id}`);
  }

  const { credit } = plan;
  if (credit === undefined) return;
  const balances = context.inTransaction(transaction, "credit_balances");
  if (!credit.exists) {
    await balances
      .doc(credit.id)
      .set({ customerId: credit.id, balanceFen: credit.after });
  } else if (credit.after !== credit.before) {
    const result = await balances
      .doc(credit.id)
      .update({ balanceFen: credit.after });
    expectOneUpdated(result, `credit balance of ${credit.id}`);
  }
}

/**
 * Checks and writes receivable and credit-balance updates, and the credit
 * accounts they change, when the caller has no other account changes.
 */
export async function applyLedger(
  context: StoreContext,
  transaction: Transaction,
  receivableUpdates: readonly ReceivableUpdate[],
  credit: CreditUpdate | undefined,
): Promise<void> {
  const plan = await planLedger(context, transaction, receivableUpdates, credit);
  await writeLedger(context, transaction, plan);
  await applyCreditAccountChanges(context, transaction, plan.accounts);
}

export async function addEvents(
  context: StoreContext,
  transaction: Transaction,
  events: readonly AuditEventRecord[],
): Promise<void> {
  for (const event of events) {
    await context
      .inTransaction(transaction, "audit_events")
      .add(toDocument(event.eventId, event));
  }
}
