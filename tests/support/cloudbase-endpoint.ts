/**
 * A local stand-in for the CloudBase database API, for tests. It listens
 * on 127.0.0.1 and speaks the JSON protocol that @cloudbase/node-sdk
 * 3.18.3 (with @cloudbase/database 1.4.3) posts to `serviceUrl`. Each
 * operation is one POST naming an `action` such as
 * "database.getDocument", with queries and documents as canonical
 * Extended JSON strings. Replies are `{requestId, data}` or
 * `{code, message}`.
 *
 * It keeps documents in memory and models what the adapter relies on:
 * - transactions with snapshot isolation: reads see the snapshot taken
 *   at start, a write locks the document until commit, and a write fails
 *   with DATABASE_TRANSACTION_CONFLICT when another transaction holds the
 *   lock or the document changed after the snapshot. Writes outside a
 *   transaction wait for the lock. Read-only access detects nothing.
 *   These are the rules of the WeChat cloud database guide
 *   (developers.weixin.qq.com, wxcloud guide, database/transaction).
 * - inside a transaction only single-document operations (`queryType`
 *   DOC, or an insert of one document), as CloudBase allows;
 * - `limit` defaulting to 100 and capped at 1,000 per request;
 * - `updated` counting the documents an update changed, as MongoDB does.
 *
 * Query support is limited to what the adapter sends: equality, $in, $lt,
 * $lte, $gt, $gte, $and, $or and regular expressions; updates support
 * $set, $inc and $unset. Anything else is answered with an error, so a new
 * kind of query fails loudly here before it reaches production.
 *
 * Every request is recorded with its parsed query and data, so tests can
 * assert what production depends on, e.g. that writes carry the
 * transaction id. `failNext` replaces the reply to one matching request.
 */

import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

import { BSONRegExp, EJSON } from "bson";

export interface StoredDoc {
  _id: string;
  [field: string]: unknown;
}

export type Reply = Record<string, unknown>;

export interface RecordedRequest {
  /** Position in arrival order, from 1. */
  seq: number;
  action: string;
  collection?: string;
  transactionId?: string;
  queryType?: string;
  query?: Record<string, unknown>;
  /** Update or replacement document; for inserts, the list of documents. */
  data?: unknown;
  order?: Record<string, unknown>;
  limit?: number;
  offset?: number;
  multi?: boolean;
  merge?: boolean;
  upsert?: boolean;
  reply: Reply;
  /** True when `failNext` supplied the reply and nothing was executed. */
  injected: boolean;
}

export interface CloudBaseEndpoint {
  /** The `serviceUrl` to give `tcb.init`. */
  url: string;
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  /** Committed documents of a collection, in `_id` order. */
  documents(collection: string): StoredDoc[];
  /** Replaces the reply to the next request that `match` accepts. */
  failNext(match: (request: RecordedRequest) => boolean, reply: Reply): void;
  close(): Promise<void>;
}

export const CONFLICT_CODE = "DATABASE_TRANSACTION_CONFLICT";
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const LOCK_WAIT_MS = 5000;

class EndpointError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function unsupported(what: string): EndpointError {
  return new EndpointError(
    "INVALID_PARAM",
    `${what} is not supported by the test endpoint`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof BSONRegExp)
  );
}

function parseEjson(text: unknown, name: string): unknown {
  if (typeof text !== "string") {
    throw new EndpointError("INVALID_PARAM", `${name} must be an EJSON string`);
  }
  const value: unknown = EJSON.parse(text, { relaxed: true });
  return value;
}

function parseEjsonObject(
  text: unknown,
  name: string,
): Record<string, unknown> {
  const value = parseEjson(text, name);
  if (!isRecord(value)) {
    throw new EndpointError("INVALID_PARAM", `${name} must be an object`);
  }
  return value;
}

function toStoredDoc(value: Record<string, unknown>, id: string): StoredDoc {
  return { ...value, _id: id };
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function sameValue(left: unknown, right: unknown): boolean {
  if (left === undefined || left === null) {
    return right === undefined || right === null;
  }
  if (typeof left !== "object" || typeof right !== "object" || right === null) {
    return left === right;
  }
  return JSON.stringify(left) === JSON.stringify(right);
}

// ---------------------------------------------------------------------
// Queries, sorting and updates (MongoDB semantics, reduced)

function valuesAtPath(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) {
    return Array.isArray(value) ? [value, ...value] : [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item) => valuesAtPath(item, path));
  }
  if (isRecord(value)) return valuesAtPath(value[path[0]], path.slice(1));
  return [undefined];
}

function compareSameType(left: unknown, right: unknown): number | undefined {
  if (typeof left === "number" && typeof right === "number") {
    return left - right;
  }
  if (typeof left === "string" && typeof right === "string") {
    if (left === right) return 0;
    return left < right ? -1 : 1;
  }
  return undefined;
}

function toRegExp(pattern: BSONRegExp): RegExp {
  const flags = [...pattern.options].filter((flag) => "ims".includes(flag));
  return new RegExp(pattern.pattern, flags.join(""));
}

function applyComparison(
  operator: string,
  value: unknown,
  operand: unknown,
): boolean {
  if (operator === "$eq") return sameValue(value, operand);
  if (operator === "$in") {
    if (!Array.isArray(operand)) throw unsupported("$in without an array");
    return operand.some((candidate) => sameValue(value, candidate));
  }
  const order = compareSameType(value, operand);
  if (order === undefined) return false;
  switch (operator) {
    case "$lt":
      return order < 0;
    case "$lte":
      return order <= 0;
    case "$gt":
      return order > 0;
    case "$gte":
      return order >= 0;
    default:
      throw unsupported(`query operator ${operator}`);
  }
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((key) => key.startsWith("$"))
  );
}

function matchesCondition(candidates: unknown[], condition: unknown): boolean {
  if (condition instanceof BSONRegExp) {
    const pattern = toRegExp(condition);
    return candidates.some(
      (value) => typeof value === "string" && pattern.test(value),
    );
  }
  if (isOperatorObject(condition)) {
    return Object.entries(condition).every(([operator, operand]) =>
      candidates.some((value) => applyComparison(operator, value, operand)),
    );
  }
  return candidates.some((value) => sameValue(value, condition));
}

function subqueries(
  value: unknown,
  operator: string,
): Record<string, unknown>[] {
  if (!Array.isArray(value) || !value.every(isRecord)) {
    throw new EndpointError(
      "INVALID_PARAM",
      `${operator} needs an array of queries`,
    );
  }
  return value;
}

export function matchesQuery(
  document: StoredDoc,
  query: Record<string, unknown>,
): boolean {
  return Object.entries(query).every(([key, condition]) => {
    if (key === "$and") {
      return subqueries(condition, key).every((sub) =>
        matchesQuery(document, sub),
      );
    }
    if (key === "$or") {
      return subqueries(condition, key).some((sub) =>
        matchesQuery(document, sub),
      );
    }
    if (key.startsWith("$")) throw unsupported(`query operator ${key}`);
    return matchesCondition(valuesAtPath(document, key.split(".")), condition);
  });
}

function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === "number") return 1;
  if (typeof value === "string") return 2;
  return 3;
}

function sortDocuments(
  documents: StoredDoc[],
  order: Record<string, unknown>,
): StoredDoc[] {
  const keys = Object.entries(order).map(([field, direction]) => {
    if (direction !== 1 && direction !== -1) {
      throw new EndpointError(
        "INVALID_PARAM",
        `sort direction of ${field} must be 1 or -1`,
      );
    }
    return { path: field.split("."), direction };
  });
  return [...documents].sort((left, right) => {
    for (const { path, direction } of keys) {
      const a = valuesAtPath(left, path)[0];
      const b = valuesAtPath(right, path)[0];
      const byType = typeRank(a) - typeRank(b);
      const difference = byType !== 0 ? byType : (compareSameType(a, b) ?? 0);
      if (difference !== 0) return difference * direction;
    }
    return 0;
  });
}

function setAtPath(
  target: Record<string, unknown>,
  path: string,
  value: unknown,
): void {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (!isRecord(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = clone(value);
}

function removeAtPath(target: Record<string, unknown>, path: string): void {
  const parts = path.split(".");
  let node: unknown = target;
  for (const part of parts.slice(0, -1)) {
    if (!isRecord(node)) return;
    node = node[part];
  }
  if (isRecord(node)) delete node[parts[parts.length - 1]];
}

function applyUpdate(
  document: StoredDoc,
  update: Record<string, unknown>,
): StoredDoc {
  const next = clone(document);
  for (const [operator, fields] of Object.entries(update)) {
    if (!isRecord(fields)) {
      throw new EndpointError("INVALID_PARAM", `${operator} needs an object`);
    }
    for (const [path, operand] of Object.entries(fields)) {
      if (path === "_id")
        throw new EndpointError("INVALID_PARAM", "_id cannot change");
      if (operator === "$set") {
        setAtPath(next, path, operand);
      } else if (operator === "$inc") {
        const current = valuesAtPath(next, path.split("."))[0] ?? 0;
        if (typeof current !== "number" || typeof operand !== "number") {
          throw new EndpointError(
            "INVALID_PARAM",
            `$inc of ${path} needs numbers`,
          );
        }
        setAtPath(next, path, current + operand);
      } else if (operator === "$unset") {
        removeAtPath(next, path);
      } else {
        throw unsupported(`update operator ${operator}`);
      }
    }
  }
  return next;
}

// ---------------------------------------------------------------------
// Versioned documents and transactions

interface Version {
  seq: number;
  document: StoredDoc | null;
}

interface PendingWrite {
  collection: string;
  id: string;
  document: StoredDoc | null;
}

interface TransactionState {
  id: string;
  snapshot: number;
  writes: Map<string, PendingWrite>;
  status: "active" | "committed" | "aborted";
}

function documentKey(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}

/** Every committed version of every document, for snapshot reads. */
class VersionedDocuments {
  private seq = 0;
  private readonly collections = new Map<string, Map<string, Version[]>>();

  get currentSeq(): number {
    return this.seq;
  }

  private history(collection: string, id: string): Version[] {
    return this.collections.get(collection)?.get(id) ?? [];
  }

  read(collection: string, id: string, atSeq = Infinity): StoredDoc | null {
    const versions = this.history(collection, id);
    for (let index = versions.length - 1; index >= 0; index -= 1) {
      if (versions[index].seq <= atSeq) return versions[index].document;
    }
    return null;
  }

  lastWriteSeq(collection: string, id: string): number {
    const versions = this.history(collection, id);
    return versions.length === 0 ? 0 : versions[versions.length - 1].seq;
  }

  list(collection: string): StoredDoc[] {
    const ids = [...(this.collections.get(collection)?.keys() ?? [])];
    return ids
      .sort()
      .map((id) => this.read(collection, id))
      .filter((document): document is StoredDoc => document !== null);
  }

  commit(writes: Iterable<PendingWrite>): void {
    this.seq += 1;
    for (const write of writes) {
      let byId = this.collections.get(write.collection);
      if (!byId) {
        byId = new Map();
        this.collections.set(write.collection, byId);
      }
      const versions = byId.get(write.id) ?? [];
      versions.push({ seq: this.seq, document: clone(write.document) });
      byId.set(write.id, versions);
    }
  }
}

interface Params {
  action: string;
  collection: string;
  transactionId?: string;
  queryType?: string;
  query: Record<string, unknown>;
  raw: Record<string, unknown>;
}

class DatabaseModel {
  readonly store = new VersionedDocuments();
  private readonly transactions = new Map<string, TransactionState>();
  private readonly locks = new Map<string, string>();
  private lockWaiters: Array<() => void> = [];

  startTransaction(): Reply {
    const id = `tx_${randomBytes(8).toString("hex")}`;
    this.transactions.set(id, {
      id,
      snapshot: this.store.currentSeq,
      writes: new Map(),
      status: "active",
    });
    return { transactionId: id };
  }

  private activeTransaction(id: string): TransactionState {
    const transaction = this.transactions.get(id);
    if (!transaction) {
      throw new EndpointError("INVALID_PARAM", `unknown transaction ${id}`);
    }
    if (transaction.status !== "active") {
      throw new EndpointError(
        CONFLICT_CODE,
        `transaction ${id} is already ${transaction.status}`,
      );
    }
    return transaction;
  }

  private finish(
    transaction: TransactionState,
    status: "committed" | "aborted",
  ): void {
    transaction.status = status;
    for (const key of transaction.writes.keys()) {
      if (this.locks.get(key) === transaction.id) this.locks.delete(key);
    }
    const waiters = this.lockWaiters;
    this.lockWaiters = [];
    for (const wake of waiters) wake();
  }

  commitTransaction(id: string): Reply {
    const transaction = this.activeTransaction(id);
    this.store.commit(transaction.writes.values());
    this.finish(transaction, "committed");
    return {};
  }

  /** Aborting twice is harmless: the SDK rolls back after a conflict. */
  abortTransaction(id: string): Reply {
    const transaction = this.transactions.get(id);
    if (transaction?.status === "active") this.finish(transaction, "aborted");
    return {};
  }

  private readInTransaction(
    transaction: TransactionState,
    collection: string,
    id: string,
  ): StoredDoc | null {
    const pending = transaction.writes.get(documentKey(collection, id));
    if (pending) return pending.document;
    return this.store.read(collection, id, transaction.snapshot);
  }

  private writeInTransaction(
    transaction: TransactionState,
    write: PendingWrite,
  ): void {
    const key = documentKey(write.collection, write.id);
    const holder = this.locks.get(key);
    const changedSinceSnapshot =
      this.store.lastWriteSeq(write.collection, write.id) >
      transaction.snapshot;
    if (
      (holder !== undefined && holder !== transaction.id) ||
      changedSinceSnapshot
    ) {
      this.finish(transaction, "aborted");
      throw new EndpointError(
        CONFLICT_CODE,
        `write conflict on ${write.collection}/${write.id}`,
      );
    }
    this.locks.set(key, transaction.id);
    transaction.writes.set(key, write);
  }

  /** Resolves once none of the documents is locked by a transaction. */
  private async waitForLocks(
    collection: string,
    ids: readonly string[],
  ): Promise<void> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    while (ids.some((id) => this.locks.has(documentKey(collection, id)))) {
      if (Date.now() > deadline) {
        throw new EndpointError(
          "DATABASE_REQUEST_FAILED",
          "lock wait timed out",
        );
      }
      await new Promise<void>((resolve) => {
        this.lockWaiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private singleDocumentId(params: Params): string {
    const id = params.query._id;
    if (params.queryType !== "DOC" || typeof id !== "string") {
      throw new EndpointError(
        "INVALID_PARAM",
        "a transaction allows only single-document operations (queryType DOC)",
      );
    }
    return id;
  }

  getDocument(params: Params): Reply {
    let documents: StoredDoc[];
    if (params.transactionId !== undefined) {
      const transaction = this.activeTransaction(params.transactionId);
      const id = this.singleDocumentId(params);
      const document = this.readInTransaction(
        transaction,
        params.collection,
        id,
      );
      documents = document ? [document] : [];
    } else {
      const order =
        params.raw.order === undefined
          ? {}
          : parseEjsonObject(params.raw.order, "order");
      const matched = this.store
        .list(params.collection)
        .filter((document) => matchesQuery(document, params.query));
      documents = sortDocuments(matched, order);
    }

    const offset =
      typeof params.raw.offset === "number" ? params.raw.offset : 0;
    const requested =
      typeof params.raw.limit === "number" ? params.raw.limit : DEFAULT_LIMIT;
    const limit = Math.min(requested, MAX_LIMIT);
    const page = documents.slice(offset, offset + limit);
    return {
      data: {
        list: page.map((document) =>
          EJSON.stringify(document, { relaxed: false }),
        ),
      },
      limit,
      offset,
    };
  }

  async modifyDocument(params: Params): Promise<Reply> {
    const data = parseEjsonObject(params.raw.data, "data");
    const merge = params.raw.merge === true;
    const upsert = params.raw.upsert === true;
    const next = (current: StoredDoc | null, id: string): StoredDoc =>
      merge ? applyUpdate(current ?? { _id: id }, data) : toStoredDoc(data, id);

    if (params.transactionId !== undefined) {
      const transaction = this.activeTransaction(params.transactionId);
      const id = this.singleDocumentId(params);
      const current = this.readInTransaction(
        transaction,
        params.collection,
        id,
      );
      if (current === null && !upsert) return { data: { updated: 0 } };
      const document = next(current, id);
      if (current !== null && sameValue(current, document)) {
        return { data: { updated: 0 } };
      }
      this.writeInTransaction(transaction, {
        collection: params.collection,
        id,
        document,
      });
      return current === null
        ? { data: { updated: 0, upsert_id: id } }
        : { data: { updated: 1 } };
    }

    for (;;) {
      let matched: StoredDoc[];
      if (params.queryType === "DOC") {
        const id = this.singleDocumentId(params);
        const current = this.store.read(params.collection, id);
        matched = current ? [current] : [];
        if (!current && upsert) {
          await this.waitForLocks(params.collection, [id]);
          if (this.store.read(params.collection, id) !== null) continue;
          this.store.commit([
            { collection: params.collection, id, document: next(null, id) },
          ]);
          return { data: { updated: 0, upsert_id: id } };
        }
      } else {
        if (upsert) throw unsupported("upsert with a WHERE query");
        matched = this.store
          .list(params.collection)
          .filter((document) => matchesQuery(document, params.query));
        if (params.raw.multi === false) matched = matched.slice(0, 1);
      }

      const ids = matched.map((document) => document._id);
      if (
        ids.some((id) => this.locks.has(documentKey(params.collection, id)))
      ) {
        await this.waitForLocks(params.collection, ids);
        continue;
      }
      const writes = matched
        .map((document) => ({
          collection: params.collection,
          id: document._id,
          document: next(document, document._id),
        }))
        .filter((write, index) => !sameValue(write.document, matched[index]));
      this.store.commit(writes);
      return { data: { updated: writes.length } };
    }
  }

  async insertDocument(params: Params): Promise<Reply> {
    if (!Array.isArray(params.raw.data)) {
      throw new EndpointError(
        "INVALID_PARAM",
        "data must be a list of documents",
      );
    }
    const documents = params.raw.data.map((text) => {
      const fields = parseEjsonObject(text, "document");
      const id =
        typeof fields._id === "string"
          ? fields._id
          : randomBytes(12).toString("hex");
      return toStoredDoc(fields, id);
    });

    if (params.transactionId !== undefined) {
      const transaction = this.activeTransaction(params.transactionId);
      if (documents.length !== 1) {
        throw new EndpointError(
          "INVALID_PARAM",
          "a transaction allows inserting one document per request",
        );
      }
      const [document] = documents;
      if (
        this.readInTransaction(transaction, params.collection, document._id)
      ) {
        throw new EndpointError(
          "DATABASE_REQUEST_FAILED",
          `E11000 duplicate key ${document._id}`,
        );
      }
      this.writeInTransaction(transaction, {
        collection: params.collection,
        id: document._id,
        document,
      });
      return { data: { insertedIds: [document._id] } };
    }

    const ids = documents.map((document) => document._id);
    await this.waitForLocks(params.collection, ids);
    const duplicate = ids.find(
      (id, index) =>
        ids.indexOf(id) !== index ||
        this.store.read(params.collection, id) !== null,
    );
    if (duplicate !== undefined) {
      // Nothing is inserted, unlike MongoDB's ordered insert, which keeps
      // the documents before the duplicate.
      throw new EndpointError(
        "DATABASE_REQUEST_FAILED",
        `E11000 duplicate key ${duplicate}`,
      );
    }
    this.store.commit(
      documents.map((document) => ({
        collection: params.collection,
        id: document._id,
        document,
      })),
    );
    return { data: { insertedIds: ids } };
  }
}

// ---------------------------------------------------------------------
// HTTP

function readParams(body: unknown): Params {
  if (!isRecord(body) || typeof body.action !== "string") {
    throw new EndpointError("INVALID_PARAM", "request body needs an action");
  }
  const query =
    body.query === undefined ? {} : parseEjsonObject(body.query, "query");
  return {
    action: body.action,
    collection:
      typeof body.collectionName === "string" ? body.collectionName : "",
    transactionId:
      typeof body.transactionId === "string" ? body.transactionId : undefined,
    queryType: typeof body.queryType === "string" ? body.queryType : undefined,
    query,
    raw: body,
  };
}

function recordOf(seq: number, params: Params): RecordedRequest {
  const { raw } = params;
  const parse = (value: unknown) =>
    typeof value === "string" ? parseEjson(value, "value") : undefined;
  return {
    seq,
    action: params.action,
    collection: params.collection || undefined,
    transactionId: params.transactionId,
    queryType: params.queryType,
    query: raw.query === undefined ? undefined : params.query,
    data: Array.isArray(raw.data) ? raw.data.map(parse) : parse(raw.data),
    order:
      raw.order === undefined
        ? undefined
        : parseEjsonObject(raw.order, "order"),
    limit: typeof raw.limit === "number" ? raw.limit : undefined,
    offset: typeof raw.offset === "number" ? raw.offset : undefined,
    multi: typeof raw.multi === "boolean" ? raw.multi : undefined,
    merge: typeof raw.merge === "boolean" ? raw.merge : undefined,
    upsert: typeof raw.upsert === "boolean" ? raw.upsert : undefined,
    reply: {},
    injected: false,
  };
}

async function execute(model: DatabaseModel, params: Params): Promise<Reply> {
  switch (params.action) {
    case "database.startTransaction":
      return model.startTransaction();
    case "database.commitTransaction":
      return model.commitTransaction(String(params.transactionId));
    case "database.abortTransaction":
      return model.abortTransaction(String(params.transactionId));
    case "database.getDocument":
      return model.getDocument(params);
    case "database.modifyDocument":
      return model.modifyDocument(params);
    case "database.insertDocument":
      return model.insertDocument(params);
    default:
      throw unsupported(`action ${params.action}`);
  }
}

/** Starts the endpoint on 127.0.0.1 at a free port. */
export async function startCloudBaseEndpoint(): Promise<CloudBaseEndpoint> {
  const model = new DatabaseModel();
  const requests: RecordedRequest[] = [];
  const injections: Array<{
    match: (request: RecordedRequest) => boolean;
    reply: Reply;
  }> = [];
  let seq = 0;

  async function respond(body: string): Promise<Reply> {
    seq += 1;
    const requestId = `req_${seq}`;
    let record: RecordedRequest | undefined;
    let reply: Reply;
    try {
      const params = readParams(JSON.parse(body));
      const recorded = recordOf(seq, params);
      record = recorded;
      requests.push(recorded);

      const injection = injections.findIndex((candidate) =>
        candidate.match(recorded),
      );
      if (injection >= 0) {
        reply = { ...injections[injection].reply, requestId };
        injections.splice(injection, 1);
        recorded.injected = true;
      } else {
        reply = { ...(await execute(model, params)), requestId };
      }
    } catch (error) {
      const code =
        error instanceof EndpointError ? error.code : "INTERNAL_ERROR";
      reply = { code, message: String((error as Error).message), requestId };
    }
    if (record) record.reply = reply;
    return reply;
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void respond(Buffer.concat(chunks).toString("utf8")).then((reply) => {
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify(reply));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/admin`,
    get requests() {
      return requests;
    },
    clearRequests() {
      requests.length = 0;
    },
    documents(collection) {
      return model.store.list(collection).map(clone);
    },
    failNext(match, reply) {
      injections.push({ match, reply });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
