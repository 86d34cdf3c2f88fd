/**
 * Transactions with retry on conflict.
 *
 * CloudBase transactions use snapshot isolation: a write locks the
 * document until commit, and a second transaction that writes a locked
 * document, or one changed since its snapshot, fails with
 * DATABASE_TRANSACTION_CONFLICT. The SDK's own retry (runTransaction's
 * second argument) re-runs at once without rolling back the failed
 * attempt, so under contention the retries collide again. This wrapper
 * runs each attempt with SDK retries 0, which rolls the attempt back and
 * releases its locks, then waits a jittered, doubling delay before the
 * next one.
 */

import type { RetryPolicy, StoreContext } from "./context";
import type { CollectionName } from "./documents";
import { documentsOf, type StoredDocument, type Transaction } from "./sdk";

/** The error code the SDK retries on (@cloudbase/database 1.4.3). */
export const TRANSACTION_CONFLICT = "DATABASE_TRANSACTION_CONFLICT";

/**
 * Placements of one customer, and of one day, all write the same credit
 * account and order counter, so bursts conflict. Twelve attempts with
 * delays capped at 1 s ride out a burst of 20 orders and stay well inside
 * a function's 10 s timeout. On a heavily loaded machine the local
 * endpoint's oversell test exhausted 8 attempts capped at 500 ms.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 12,
  baseDelayMs: 20,
  maxDelayMs: 1000,
};

export function isTransactionConflict(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { code?: unknown }).code === TRANSACTION_CONFLICT
  );
}

function backoffMs(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** (attempt - 1),
  );
  return Math.random() * ceiling;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `work` in a transaction, committing when it resolves and rolling
 * back when it throws. `work` may run several times, so it must not have
 * effects outside the transaction.
 */
export async function runInTransaction<T>(
  context: StoreContext,
  work: (transaction: Transaction) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    let outcome: { value: T } | undefined;
    try {
      await context.db.runTransaction(async (transaction) => {
        outcome = { value: await work(transaction) };
      }, 0);
    } catch (error) {
      if (
        !isTransactionConflict(error) ||
        attempt >= context.retry.maxAttempts
      ) {
        throw error;
      }
      await sleep(backoffMs(context.retry, attempt));
      continue;
    }

    if (outcome === undefined) {
      throw new Error("CloudBase transaction committed without a result");
    }
    return outcome.value;
  }
}

/** Throws unless a single-document write changed exactly one document. */
export function expectOneUpdated(
  result: { updated?: number },
  documentLabel: string,
): void {
  if (result.updated !== 1) {
    throw new Error(
      `CloudBase update of ${documentLabel} changed ${String(result.updated)} documents, expected 1`,
    );
  }
}

/** Reads one document in the transaction; null when it does not exist. */
export async function readInTransaction(
  context: StoreContext,
  transaction: Transaction,
  collection: CollectionName,
  id: string,
): Promise<StoredDocument | null> {
  const reply = await context
    .inTransaction(transaction, collection)
    .doc(id)
    .get();
  return documentsOf(reply)[0] ?? null;
}
