/**
 * The state every part of the adapter shares: the database, the
 * collection names in use and the transaction retry policy.
 */

import type { CollectionName } from "./documents";
import type {
  CloudBaseDatabase,
  CollectionReference,
  DatabaseCommand,
  Transaction,
  TransactionCollectionReference,
} from "./sdk";

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Upper bound of the first backoff; it doubles on each attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export class StoreContext {
  readonly command: DatabaseCommand;

  constructor(
    readonly db: CloudBaseDatabase,
    /** Prepended to every collection name, e.g. to isolate a test run. */
    private readonly collectionPrefix: string,
    readonly retry: RetryPolicy,
  ) {
    this.command = db.command;
  }

  collectionName(name: CollectionName): string {
    return `${this.collectionPrefix}${name}`;
  }

  collection(name: CollectionName): CollectionReference {
    return this.db.collection(this.collectionName(name));
  }

  inTransaction(
    transaction: Transaction,
    name: CollectionName,
  ): TransactionCollectionReference {
    return transaction.collection(this.collectionName(name));
  }
}
