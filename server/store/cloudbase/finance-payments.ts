/**
 * Payments and credit applications.
 *
 * Why recording a payment is safe under concurrency: its transaction reads
 * the reference document (`payment_refs`, id derived from the external
 * reference) and writes it. Of two requests with one reference, the second
 * therefore conflicts, re-runs, finds the document and returns the first
 * payment. Receivables and the credit balance follow the guards of
 * finance-ledger.ts, and the customer's credit account is written in the
 * same transaction.
 */

import { AppError } from "../../../shared/errors";
import type { CreditUpdate, PaymentChange, ReceivableUpdate } from "../../finance/port";
import type { PaymentRecord } from "../../finance/records";
import type { AuditEventRecord } from "../records";
import type { StoreContext } from "./context";
import { paymentRefId, setPayload, toDocument, toRecord } from "./documents";
import { addEvents, applyLedger } from "./finance-ledger";
import { readDocument } from "./paging";
import type { StoredDocument, Transaction } from "./sdk";
import {
  expectOneUpdated,
  readInTransaction,
  runInTransaction,
} from "./transaction";

interface PaymentRefDocument {
  externalRef: string;
  paymentId: string;
}

/** Returns the payment a reference document names; throws if it is missing. */
function paymentNamedBy(
  ref: PaymentRefDocument,
  document: StoredDocument | null,
): PaymentRecord {
  if (document === null) {
    throw new Error(
      `payment reference ${ref.externalRef} names missing payment ${ref.paymentId}`,
    );
  }
  return toRecord<PaymentRecord>(document);
}

async function recordInTransaction(
  context: StoreContext,
  transaction: Transaction,
  change: PaymentChange,
): Promise<{ payment: PaymentRecord; isReplay: boolean }> {
  const { payment } = change;
  const refId = paymentRefId(payment.externalRef);
  const refDocument = await readInTransaction(
    context,
    transaction,
    "payment_refs",
    refId,
  );
  if (refDocument !== null) {
    const ref = toRecord<PaymentRefDocument>(refDocument);
    const earlier = await readInTransaction(
      context,
      transaction,
      "payments",
      ref.paymentId,
    );
    return { payment: paymentNamedBy(ref, earlier), isReplay: true };
  }

  await applyLedger(context, transaction, change.receivableUpdates, change.credit);
  await context
    .inTransaction(transaction, "payments")
    .add(toDocument(payment.paymentId, payment));
  const ref: PaymentRefDocument = {
    externalRef: payment.externalRef,
    paymentId: payment.paymentId,
  };
  await context
    .inTransaction(transaction, "payment_refs")
    .doc(refId)
    .set(setPayload(ref));
  await addEvents(context, transaction, change.events);
  return { payment, isReplay: false };
}

/**
 * Records a payment atomically (the file comment explains why it is safe).
 * A transaction that fails with anything but an AppError may have lost to
 * a concurrent request with the same reference, so the reference document
 * is then read outside the transaction and, if present, that payment is
 * returned.
 */
export async function recordPayment(
  context: StoreContext,
  change: PaymentChange,
): Promise<{ payment: PaymentRecord; isReplay: boolean }> {
  try {
    return await runInTransaction(context, (transaction) =>
      recordInTransaction(context, transaction, change),
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    const refDocument = await readDocument(
      context,
      "payment_refs",
      paymentRefId(change.payment.externalRef),
    );
    if (refDocument === null) throw error;
    const ref = toRecord<PaymentRefDocument>(refDocument);
    const earlier = await readDocument(context, "payments", ref.paymentId);
    return { payment: paymentNamedBy(ref, earlier), isReplay: true };
  }
}

/**
 * Replaces a payment's matching if the payment is still at
 * `expectedVersion`. The transaction writes the payment document whose
 * version it checked, so of two concurrent re-matches the second re-runs
 * and throws ORDER_STATE_CONFLICT.
 */
export function rematchPayment(
  context: StoreContext,
  change: PaymentChange & { expectedVersion: number },
): Promise<PaymentRecord> {
  const { paymentId } = change.payment;
  return runInTransaction(context, async (transaction) => {
    const stored = await readInTransaction(
      context,
      transaction,
      "payments",
      paymentId,
    );
    if (stored === null) {
      throw new AppError("NOT_FOUND", `payment ${paymentId} not found`);
    }
    const current = toRecord<PaymentRecord>(stored);
    if (current.version !== change.expectedVersion) {
      throw new AppError(
        "ORDER_STATE_CONFLICT",
        "the payment was re-matched meanwhile; reload it",
        { paymentId },
      );
    }

    await applyLedger(context, transaction, change.receivableUpdates, change.credit);
    const next: PaymentRecord = {
      ...change.payment,
      version: change.expectedVersion + 1,
    };
    const result = await context
      .inTransaction(transaction, "payments")
      .doc(paymentId)
      .set(setPayload(next));
    expectOneUpdated(result, `payment ${paymentId}`);
    await addEvents(context, transaction, change.events);
    return next;
  });
}

/** Applies a credit balance to receivables in one transaction. */
export function applyCredit(
  context: StoreContext,
  change: {
    receivableUpdates: ReceivableUpdate[];
    credit: CreditUpdate;
    events: AuditEventRecord[];
  },
): Promise<void> {
  return runInTransaction(context, async (transaction) => {
    await applyLedger(context, transaction, change.receivableUpdates, change.credit);
    await addEvents(context, transaction, change.events);
  });
}
