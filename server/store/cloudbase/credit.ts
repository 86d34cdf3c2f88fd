/**
 * Receivables and the per-customer credit account.
 *
 * A credit account (`credit_accounts/{customerId}`) keeps two running
 * totals of one customer: `openOrdersFen`, the open orders not yet owed as
 * receivables, and `outstandingFen`, the unpaid part of the receivables.
 * placeOrder reads it by id inside its transaction, because a transaction
 * cannot run the queries that would sum them. Every transaction that
 * changes either total writes the account in the same transaction, so two
 * concurrent changes for one customer conflict on it and the second re-runs
 * against the new totals.
 *
 * The totals follow the SQLite adapter's definitions. An order in an open
 * status counts its total less the receivables saved for it; an order in
 * any other status counts nothing. A receivable counts amountFen − paidFen
 * while that is positive.
 *
 * NOTE: the totals start from the first write made with credit accounts in
 * place. Receivables and open orders stored before that are not counted,
 * and no backfill exists yet.
 */

import type { OrderStatus } from "../../../shared/order-status";
import type { CreditExposure, ReceivableRecord } from "../records";
import type { StoreContext } from "./context";
import { compareIds, setPayload, toRecord } from "./documents";
import { readByKeyset, readDocument } from "./paging";
import type { StoredDocument, Transaction } from "./sdk";
import {
  expectOneUpdated,
  readInTransaction,
  runInTransaction,
} from "./transaction";

/** Field the receivables collection keeps beside the record. */
export const OUTSTANDING_FIELD = "outstandingFen";

/**
 * Field of an order document: the sum of amountFen over the receivables
 * saved for the order, kept so that the order's open amount can be worked
 * out inside a transaction. Absent means 0.
 */
export const ORDER_RECEIVABLE_FIELD = "receivableFen";

/**
 * Statuses whose orders count against the customer's credit: placed and
 * not yet delivered. The SQLite adapter uses the same list.
 */
export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = [
  "pending_review",
  "approved",
  "picked",
  "partially_shipped",
  "shipped",
];

export interface CreditAccount {
  openOrdersFen: number;
  outstandingFen: number;
}

/** Returns the amount one order adds to its customer's openOrdersFen. */
export function openAmountFen(
  order: { status: OrderStatus; totalFen: number },
  receivableFen: number,
): number {
  return OPEN_ORDER_STATUSES.includes(order.status)
    ? order.totalFen - receivableFen
    : 0;
}

/** Returns the amount one receivable adds to its customer's outstandingFen. */
export function outstandingOf(receivable: {
  amountFen: number;
  paidFen: number;
}): number {
  return Math.max(0, receivable.amountFen - receivable.paidFen);
}

/**
 * Builds the stored form of a receivable. `createdAt` defaults to `dueAt`,
 * as in the SQLite adapter, so statements can place every receivable.
 */
export function receivablePayload(
  receivable: ReceivableRecord,
): Record<string, unknown> {
  return {
    ...setPayload(receivable),
    createdAt: receivable.createdAt ?? receivable.dueAt,
    [OUTSTANDING_FIELD]: receivable.amountFen - receivable.paidFen,
  };
}

export function toReceivable(document: StoredDocument): ReceivableRecord {
  return toRecord<ReceivableRecord>(document, [OUTSTANDING_FIELD]);
}

/** Changes of credit accounts gathered during one transaction. */
export class CreditAccountChanges {
  private readonly byCustomer = new Map<string, CreditAccount>();

  addOpenOrders(customerId: string, fen: number): void {
    this.deltaOf(customerId).openOrdersFen += fen;
  }

  addOutstanding(customerId: string, fen: number): void {
    this.deltaOf(customerId).outstandingFen += fen;
  }

  /** Records a receivable replacing `before` (null when new). */
  replaceReceivable(
    before: ReceivableRecord | null,
    after: ReceivableRecord,
  ): void {
    if (before) this.addOutstanding(before.customerId, -outstandingOf(before));
    this.addOutstanding(after.customerId, outstandingOf(after));
  }

  /** Returns the changes that are not zero, sorted by customer id. */
  entries(): [string, CreditAccount][] {
    return [...this.byCustomer]
      .filter(([, delta]) => delta.openOrdersFen !== 0 || delta.outstandingFen !== 0)
      .sort(([left], [right]) => compareIds(left, right));
  }

  private deltaOf(customerId: string): CreditAccount {
    let delta = this.byCustomer.get(customerId);
    if (!delta) {
      delta = { openOrdersFen: 0, outstandingFen: 0 };
      this.byCustomer.set(customerId, delta);
    }
    return delta;
  }
}

function toCreditAccount(document: StoredDocument | null): CreditAccount {
  return {
    openOrdersFen: Number(document?.openOrdersFen ?? 0),
    outstandingFen: Number(document?.outstandingFen ?? 0),
  };
}

/** Reads a customer's credit account in the transaction; zeros when missing. */
export async function readCreditAccount(
  context: StoreContext,
  transaction: Transaction,
  customerId: string,
): Promise<CreditAccount & { exists: boolean }> {
  const document = await readInTransaction(
    context,
    transaction,
    "credit_accounts",
    customerId,
  );
  return { ...toCreditAccount(document), exists: document !== null };
}

/** Adds `delta` to an account read earlier in the same transaction. */
export async function writeCreditAccount(
  context: StoreContext,
  transaction: Transaction,
  customerId: string,
  current: CreditAccount & { exists: boolean },
  delta: CreditAccount,
): Promise<void> {
  if (delta.openOrdersFen === 0 && delta.outstandingFen === 0) return;
  const accounts = context.inTransaction(transaction, "credit_accounts");
  if (!current.exists) {
    await accounts.doc(customerId).set({
      customerId,
      openOrdersFen: current.openOrdersFen + delta.openOrdersFen,
      outstandingFen: current.outstandingFen + delta.outstandingFen,
    });
    return;
  }
  const _ = context.command;
  const update: Record<string, unknown> = {};
  if (delta.openOrdersFen !== 0) update.openOrdersFen = _.inc(delta.openOrdersFen);
  if (delta.outstandingFen !== 0) update.outstandingFen = _.inc(delta.outstandingFen);
  const result = await accounts.doc(customerId).update(update);
  expectOneUpdated(result, `credit account of ${customerId}`);
}

/** Reads and writes every account that `changes` touches. */
export async function applyCreditAccountChanges(
  context: StoreContext,
  transaction: Transaction,
  changes: CreditAccountChanges,
): Promise<void> {
  for (const [customerId, delta] of changes.entries()) {
    const current = await readCreditAccount(context, transaction, customerId);
    await writeCreditAccount(context, transaction, customerId, current, delta);
  }
}

/**
 * Stores a receivable in one transaction with its effects: the credit
 * account of its customer, and the receivable total of its order (and so
 * the order's open amount) when the order exists.
 */
export function saveReceivable(
  context: StoreContext,
  receivable: ReceivableRecord,
): Promise<void> {
  return runInTransaction(context, async (transaction) => {
    const stored = await readInTransaction(
      context,
      transaction,
      "receivables",
      receivable.receivableId,
    );
    const before = stored && toReceivable(stored);
    const changes = new CreditAccountChanges();
    changes.replaceReceivable(before, receivable);

    const amountByOrder = new Map<string, number>();
    const addToOrder = (orderId: string | undefined, fen: number) => {
      if (orderId === undefined) return;
      amountByOrder.set(orderId, (amountByOrder.get(orderId) ?? 0) + fen);
    };
    if (before) addToOrder(before.orderId, -before.amountFen);
    addToOrder(receivable.orderId, receivable.amountFen);

    const orderUpdates: { orderId: string; receivableFen: number }[] = [];
    for (const [orderId, fen] of amountByOrder) {
      if (fen === 0) continue;
      const order = await readInTransaction(context, transaction, "orders", orderId);
      if (order === null) continue;
      const status = order.status as OrderStatus;
      const totalFen = Number(order.totalFen);
      const receivableFen = Number(order[ORDER_RECEIVABLE_FIELD] ?? 0);
      changes.addOpenOrders(
        String(order.customerId),
        openAmountFen({ status, totalFen }, receivableFen + fen) -
          openAmountFen({ status, totalFen }, receivableFen),
      );
      orderUpdates.push({ orderId, receivableFen: receivableFen + fen });
    }

    await context
      .inTransaction(transaction, "receivables")
      .doc(receivable.receivableId)
      .set(receivablePayload(receivable));
    for (const update of orderUpdates) {
      const result = await context
        .inTransaction(transaction, "orders")
        .doc(update.orderId)
        .update({ [ORDER_RECEIVABLE_FIELD]: update.receivableFen });
      expectOneUpdated(result, `order ${update.orderId}`);
    }
    await applyCreditAccountChanges(context, transaction, changes);
  });
}

/**
 * Returns the customer's exposure. Outstanding and open orders come from
 * the credit account. Overdue debt needs a query over the unpaid
 * receivables, each of which counts when it is due before `now`.
 */
export async function getCreditExposure(
  context: StoreContext,
  customerId: string,
  now: number,
): Promise<CreditExposure> {
  const account = toCreditAccount(
    await readDocument(context, "credit_accounts", customerId),
  );
  return {
    outstandingFen: account.outstandingFen,
    overdueFen: await getOverdueFen(context, customerId, now),
    openOrdersFen: account.openOrdersFen,
  };
}

/** Sums the unpaid part of the customer's receivables due before `now`. */
export async function getOverdueFen(
  context: StoreContext,
  customerId: string,
  now: number,
): Promise<number> {
  // The query matches every unpaid receivable, not only the overdue ones,
  // so that the index (customerId, outstandingFen, _id) serves it.
  const documents = await readByKeyset(context, {
    collection: "receivables",
    conditions: [{ customerId, [OUTSTANDING_FIELD]: context.command.gt(0) }],
    direction: "asc",
  });
  let overdueFen = 0;
  for (const document of documents) {
    const receivable = toReceivable(document);
    if (receivable.dueAt < now) overdueFen += outstandingOf(receivable);
  }
  return overdueFen;
}
