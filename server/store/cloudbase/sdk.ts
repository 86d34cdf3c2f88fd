/**
 * The slice of @cloudbase/node-sdk's database API that the adapter uses,
 * typed narrowly because the SDK declares most results as `any`.
 *
 * Inside a transaction the SDK sends the transaction id only with
 * `doc(id).get/set/update/remove` and `add()`, so the transaction types
 * below offer nothing else: a `where()` inside a transaction does not
 * compile.
 */

/** A document as CloudBase stores it: the record's fields plus `_id`. */
export interface StoredDocument {
  _id: string;
  [field: string]: unknown;
}

/** A query condition or an update operator built by `db.command`. */
export type Operator = object;

export interface DatabaseCommand {
  in(values: readonly unknown[]): Operator;
  lt(value: unknown): Operator;
  lte(value: unknown): Operator;
  gt(value: unknown): Operator;
  gte(value: unknown): Operator;
  and(conditions: object[]): Operator;
  or(conditions: object[]): Operator;
  inc(amount: number): Operator;
  /** Sets a field to the value as a whole, without merging into objects. */
  set(value: unknown): Operator;
  /** Removes the field from the document. */
  remove(): Operator;
}

export interface Query {
  where(condition: object): Query;
  orderBy(field: string, direction: "asc" | "desc"): Query;
  limit(count: number): Query;
  /** Outside a transaction `data` is always an array of documents. */
  get(): Promise<{ data: unknown }>;
  /**
   * Updates every matching document, outside any transaction, atomically
   * per document; `updated` counts the documents it changed.
   */
  update(data: object): Promise<{ updated?: number }>;
  remove(): Promise<{ deleted?: number }>;
}

export interface DocumentReference {
  /** Outside a transaction `data` is an array of zero or one document. */
  get(): Promise<{ data: unknown }>;
  set(data: object): Promise<{ updated?: number }>;
  update(data: object): Promise<{ updated?: number }>;
}

export interface CollectionReference extends Query {
  doc(id: string): DocumentReference;
  add(data: object | object[]): Promise<{ id?: string; ids?: string[] }>;
}

export interface TransactionDocumentReference {
  /** Inside a transaction `data` is the document, or null when missing. */
  get(): Promise<{ data: unknown }>;
  set(data: object): Promise<{ updated?: number }>;
  update(data: object): Promise<{ updated?: number }>;
}

export interface TransactionCollectionReference {
  doc(id: string): TransactionDocumentReference;
  add(data: object): Promise<{ id?: string }>;
}

export interface Transaction {
  collection(name: string): TransactionCollectionReference;
}

export interface CloudBaseDatabase {
  command: DatabaseCommand;
  RegExp(options: { regexp: string; options: string }): object;
  collection(name: string): CollectionReference;
  createCollection(name: string): Promise<unknown>;
  /**
   * Runs `work` in a transaction and commits when it resolves. With
   * `retries` 0 the SDK runs `work` once and rolls back on any error.
   */
  runTransaction(
    work: (transaction: Transaction) => Promise<unknown>,
    retries?: number,
  ): Promise<unknown>;
}

/** The part of the app from `tcb.init(...)` that the adapter uses. */
export interface CloudBaseApp {
  database(): CloudBaseDatabase;
}

export function isStoredDocument(value: unknown): value is StoredDocument {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { _id?: unknown })._id === "string"
  );
}

/**
 * Returns the documents of a `get()` reply, which is an array outside a
 * transaction and one document or null inside one.
 */
export function documentsOf(reply: { data: unknown }): StoredDocument[] {
  const { data } = reply;
  if (data === null || data === undefined) return [];
  const items: unknown[] = Array.isArray(data) ? data : [data];
  return items.map((item) => {
    if (!isStoredDocument(item)) {
      throw new Error("CloudBase returned a document without a string _id");
    }
    return item;
  });
}
