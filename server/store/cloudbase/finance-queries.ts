/**
 * Finance reads. Every list reads by keyset past CloudBase's 1,000-document
 * page cap (paging.ts), so a long history is never cut short.
 */

import type { CreditNoteRecord, PaymentRecord } from "../../finance/records";
import type { AuditEventRecord, ReceivableRecord } from "../records";
import type { StoreContext } from "./context";
import { OUTSTANDING_FIELD, toReceivable } from "./credit";
import {
  type CollectionName,
  compareIds,
  paymentRefId,
  toRecord,
} from "./documents";
import { readByIds, readByKeyset, readDocument } from "./paging";

/** Conditions for `field` in [from, before). */
function within(
  context: StoreContext,
  field: string,
  from: number,
  before: number,
): object[] {
  const _ = context.command;
  return [{ [field]: _.gte(from) }, { [field]: _.lt(before) }];
}

export async function getPayment(
  context: StoreContext,
  paymentId: string,
): Promise<PaymentRecord | null> {
  const document = await readDocument(context, "payments", paymentId);
  return document && toRecord<PaymentRecord>(document);
}

export async function findPaymentByRef(
  context: StoreContext,
  externalRef: string,
): Promise<PaymentRecord | null> {
  const ref = await readDocument(
    context,
    "payment_refs",
    paymentRefId(externalRef),
  );
  return ref && getPayment(context, String(ref.paymentId));
}

/** Lists payments received in [from, before), oldest first, ties by id. */
export async function listPayments(
  context: StoreContext,
  query: { customerId?: string; from: number; before: number },
): Promise<PaymentRecord[]> {
  const conditions = within(context, "receivedAt", query.from, query.before);
  if (query.customerId !== undefined) {
    conditions.unshift({ customerId: query.customerId });
  }
  const documents = await readByKeyset(context, {
    collection: "payments",
    conditions,
    sortFields: ["receivedAt"],
    direction: "asc",
  });
  return documents.map((document) => toRecord<PaymentRecord>(document));
}

/**
 * Lists receivables with something left to pay, by due date, then
 * creation, then id, and across customers by customer first. The query pages by `_id` over
 * the (customerId, outstandingFen, _id) index, and the sort happens here,
 * because the method returns the whole list anyway.
 */
export async function listOpenReceivables(
  context: StoreContext,
  customerId?: string,
): Promise<ReceivableRecord[]> {
  const unpaid = { [OUTSTANDING_FIELD]: context.command.gt(0) };
  const documents = await readByKeyset(context, {
    collection: "receivables",
    conditions: [customerId === undefined ? unpaid : { customerId, ...unpaid }],
    direction: "asc",
  });
  return documents
    .map(toReceivable)
    .sort(
      (left, right) =>
        (customerId === undefined
          ? compareIds(left.customerId, right.customerId)
          : 0) ||
        left.dueAt - right.dueAt ||
        (left.createdAt ?? left.dueAt) - (right.createdAt ?? right.dueAt) ||
        compareIds(left.receivableId, right.receivableId),
    );
}

/** Reads the receivables with these ids in the order given, skipping missing ids. */
export async function getReceivables(
  context: StoreContext,
  receivableIds: readonly string[],
): Promise<ReceivableRecord[]> {
  const found = await readByIds(context, "receivables", receivableIds);
  return [...new Set(receivableIds)].flatMap((id) => {
    const document = found.get(id);
    return document ? [toReceivable(document)] : [];
  });
}

/** Lists one customer's receivables created in [from, before), oldest first. */
export async function listReceivablesCreated(
  context: StoreContext,
  customerId: string,
  from: number,
  before: number,
): Promise<ReceivableRecord[]> {
  const documents = await readByKeyset(context, {
    collection: "receivables",
    conditions: [{ customerId }, ...within(context, "createdAt", from, before)],
    sortFields: ["createdAt"],
    direction: "asc",
  });
  return documents.map(toReceivable);
}

export async function getCreditBalance(
  context: StoreContext,
  customerId: string,
): Promise<number> {
  const document = await readDocument(context, "credit_balances", customerId);
  return Number(document?.balanceFen ?? 0);
}

/** Lists one customer's credit notes created in [from, before), oldest first. */
export async function listCreditNotes(
  context: StoreContext,
  customerId: string,
  from: number,
  before: number,
): Promise<CreditNoteRecord[]> {
  const documents = await readByKeyset(context, {
    collection: "credit_notes",
    conditions: [{ customerId }, ...within(context, "createdAt", from, before)],
    sortFields: ["createdAt"],
    direction: "asc",
  });
  return documents.map((document) => toRecord<CreditNoteRecord>(document));
}

/** Sums `amountFen` over one customer's documents whose `field` is before an instant. */
async function sumAmountBefore(
  context: StoreContext,
  collection: CollectionName,
  customerId: string,
  field: string,
  before: number,
): Promise<number> {
  const documents = await readByKeyset(context, {
    collection,
    conditions: [{ customerId }, { [field]: context.command.lt(before) }],
    sortFields: [field],
    direction: "asc",
  });
  return documents.reduce((sum, document) => sum + Number(document.amountFen), 0);
}

/**
 * Sums a customer's ledger before an instant: receivables created, and
 * payments and credit notes received.
 * NOTE: this reads every earlier document of the customer, so its cost
 * grows with the customer's history. The aggregation pipeline could sum on
 * the server, but the local test endpoint does not model it.
 */
export async function balanceBefore(
  context: StoreContext,
  customerId: string,
  before: number,
): Promise<{ debitsFen: number; creditsFen: number }> {
  const debitsFen = await sumAmountBefore(
    context,
    "receivables",
    customerId,
    "createdAt",
    before,
  );
  const paymentsFen = await sumAmountBefore(
    context,
    "payments",
    customerId,
    "receivedAt",
    before,
  );
  const notesFen = await sumAmountBefore(
    context,
    "credit_notes",
    customerId,
    "createdAt",
    before,
  );
  return { debitsFen, creditsFen: paymentsFen + notesFen };
}

/**
 * Lists audit events of one action in [from, before), oldest first. Events at
 * the same instant come in `_id` order, where SQLite keeps insertion order.
 */
export async function listEvents(
  context: StoreContext,
  action: string,
  from: number,
  before: number,
): Promise<AuditEventRecord[]> {
  const documents = await readByKeyset(context, {
    collection: "audit_events",
    conditions: [{ action }, ...within(context, "at", from, before)],
    sortFields: ["at"],
    direction: "asc",
  });
  return documents.map((document) => toRecord<AuditEventRecord>(document));
}
