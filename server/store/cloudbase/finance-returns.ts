/**
 * Returns: opening one, the quantities already returned per order line,
 * and receiving the goods back.
 *
 * Why it is safe under concurrency: saveReturn reads and writes the
 * request document (`return_requests`, id derived from the request id), so
 * of two requests with one id the second conflicts, re-runs and returns
 * the first return. It also writes the returned-quantity document of each
 * order line it names, so two returns of one line conflict and neither
 * increment is lost.
 * receiveReturn reads the return, checks that it is still "requested" and
 * rewrites it, so of two receipts of one return the second re-runs and
 * throws ORDER_STATE_CONFLICT. Its stock, receivable, credit-balance and
 * credit-account writes happen in that same transaction.
 */

import { AppError } from "../../../shared/errors";
import type { ReturnReceipt } from "../../finance/port";
import type { ReturnRecord } from "../../finance/records";
import type { StockRecord } from "../records";
import type { StoreContext } from "./context";
import { applyCreditAccountChanges } from "./credit";
import {
  compareIds,
  returnedQuantityId,
  returnRequestId,
  setPayload,
  toDocument,
  toRecord,
} from "./documents";
import { addEvents, planLedger, writeLedger } from "./finance-ledger";
import { MAX_IN_VALUES, readByKeyset, readDocument } from "./paging";
import type { StoredDocument, Transaction } from "./sdk";
import {
  expectOneUpdated,
  readInTransaction,
  runInTransaction,
} from "./transaction";

interface ReturnRequestDocument {
  requestId: string;
  returnId: string;
}

/** Total quantity returned of one order line, in the line's unit. */
interface ReturnedQuantityDocument {
  orderId: string;
  lineNo: number;
  quantity: number;
}

function returnNamedBy(
  request: ReturnRequestDocument,
  document: StoredDocument | null,
): ReturnRecord {
  if (document === null) {
    throw new Error(
      `return request ${request.requestId} names missing return ${request.returnId}`,
    );
  }
  return toRecord<ReturnRecord>(document);
}

/** Sums a return's quantities per order line; a line may appear twice. */
function quantitiesByLine(
  returnRecord: ReturnRecord,
): Map<string, ReturnedQuantityDocument> {
  const totals = new Map<string, ReturnedQuantityDocument>();
  for (const line of returnRecord.lines) {
    const id = returnedQuantityId(line.orderId, line.lineNo);
    const total = totals.get(id) ?? {
      orderId: line.orderId,
      lineNo: line.lineNo,
      quantity: 0,
    };
    total.quantity += line.quantity;
    totals.set(id, total);
  }
  return totals;
}

async function saveInTransaction(
  context: StoreContext,
  transaction: Transaction,
  returnRecord: ReturnRecord,
): Promise<{ returnRecord: ReturnRecord; isReplay: boolean }> {
  const requestId = returnRequestId(returnRecord.requestId);
  const requestDocument = await readInTransaction(
    context,
    transaction,
    "return_requests",
    requestId,
  );
  if (requestDocument !== null) {
    const request = toRecord<ReturnRequestDocument>(requestDocument);
    const earlier = await readInTransaction(
      context,
      transaction,
      "returns",
      request.returnId,
    );
    return { returnRecord: returnNamedBy(request, earlier), isReplay: true };
  }

  const totals = quantitiesByLine(returnRecord);
  const stored = new Map<string, StoredDocument | null>();
  for (const id of [...totals.keys()].sort()) {
    stored.set(
      id,
      await readInTransaction(context, transaction, "returned_quantities", id),
    );
  }

  await context
    .inTransaction(transaction, "returns")
    .add(toDocument(returnRecord.returnId, returnRecord));
  const request: ReturnRequestDocument = {
    requestId: returnRecord.requestId,
    returnId: returnRecord.returnId,
  };
  await context
    .inTransaction(transaction, "return_requests")
    .doc(requestId)
    .set(setPayload(request));
  for (const [id, total] of totals) {
    if (total.quantity === 0) continue;
    const quantities = context.inTransaction(transaction, "returned_quantities");
    if (stored.get(id) === null) {
      await quantities.doc(id).set({ ...total });
      continue;
    }
    const result = await quantities
      .doc(id)
      .update({ quantity: context.command.inc(total.quantity) });
    expectOneUpdated(result, `returned quantity ${id}`);
  }
  return { returnRecord, isReplay: false };
}

/**
 * Opens a return atomically (the file comment explains why it is safe).
 * A transaction that fails with anything but an AppError may have lost to
 * a concurrent request with the same id, so the request document is then
 * read outside the transaction and, if present, that return is returned.
 */
export async function saveReturn(
  context: StoreContext,
  returnRecord: ReturnRecord,
): Promise<{ returnRecord: ReturnRecord; isReplay: boolean }> {
  try {
    return await runInTransaction(context, (transaction) =>
      saveInTransaction(context, transaction, returnRecord),
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    const requestDocument = await readDocument(
      context,
      "return_requests",
      returnRequestId(returnRecord.requestId),
    );
    if (requestDocument === null) throw error;
    const request = toRecord<ReturnRequestDocument>(requestDocument);
    const earlier = await readDocument(context, "returns", request.returnId);
    return { returnRecord: returnNamedBy(request, earlier), isReplay: true };
  }
}

export async function getReturn(
  context: StoreContext,
  returnId: string,
): Promise<ReturnRecord | null> {
  const document = await readDocument(context, "returns", returnId);
  return document && toRecord<ReturnRecord>(document);
}

/** Returns the totals of the given orders' lines, by order id and line. */
export async function returnedQuantities(
  context: StoreContext,
  orderIds: readonly string[],
): Promise<{ orderId: string; lineNo: number; quantity: number }[]> {
  const unique = [...new Set(orderIds)];
  const totals: ReturnedQuantityDocument[] = [];
  for (let start = 0; start < unique.length; start += MAX_IN_VALUES) {
    const chunk = unique.slice(start, start + MAX_IN_VALUES);
    const documents = await readByKeyset(context, {
      collection: "returned_quantities",
      conditions: [{ orderId: context.command.in(chunk) }],
      direction: "asc",
    });
    for (const document of documents) {
      const total = toRecord<ReturnedQuantityDocument>(document);
      totals.push({
        orderId: total.orderId,
        lineNo: total.lineNo,
        quantity: total.quantity,
      });
    }
  }
  return totals.sort(
    (left, right) =>
      compareIds(left.orderId, right.orderId) || left.lineNo - right.lineNo,
  );
}

/** Base quantities to put back on hand, summed per SKU. */
function stockIncreases(receipt: ReturnReceipt): Map<string, number> {
  const bySku = new Map<string, number>();
  for (const move of receipt.stockMoves) {
    bySku.set(move.skuId, (bySku.get(move.skuId) ?? 0) + move.baseQuantity);
  }
  return bySku;
}

async function receiveInTransaction(
  context: StoreContext,
  transaction: Transaction,
  receipt: ReturnReceipt,
): Promise<{ returnRecord: ReturnRecord; stock: StockRecord[] }> {
  const { returnId } = receipt.returnRecord;
  const stored = await readInTransaction(context, transaction, "returns", returnId);
  if (stored === null) {
    throw new AppError("NOT_FOUND", `return ${returnId} not found`);
  }
  const current = toRecord<ReturnRecord>(stored);
  if (current.status !== "requested") {
    throw new AppError(
      "ORDER_STATE_CONFLICT",
      `return ${returnId} is already ${current.status}`,
      { status: current.status },
    );
  }

  // As in the SQLite adapter, a SKU without a stock document is skipped.
  const increases = stockIncreases(receipt);
  const stock: StockRecord[] = [];
  for (const skuId of [...increases.keys()].sort()) {
    const level = await readInTransaction(context, transaction, "stock", skuId);
    if (level === null) continue;
    stock.push({
      skuId,
      onHand: Number(level.onHand ?? 0) + (increases.get(skuId) ?? 0),
      reserved: Number(level.reserved ?? 0),
    });
  }
  const plan = await planLedger(
    context,
    transaction,
    receipt.receivableUpdates,
    receipt.credit,
  );

  // Every check has passed, so from here on the transaction writes.
  for (const level of stock) {
    const quantity = increases.get(level.skuId) ?? 0;
    if (quantity === 0) continue;
    const result = await context
      .inTransaction(transaction, "stock")
      .doc(level.skuId)
      .update({ onHand: context.command.inc(quantity) });
    expectOneUpdated(result, `stock of ${level.skuId}`);
  }
  await writeLedger(context, transaction, plan);
  const note = receipt.creditNote;
  await context
    .inTransaction(transaction, "credit_notes")
    .add(toDocument(note.creditNoteId, note));
  const written = await context
    .inTransaction(transaction, "returns")
    .doc(returnId)
    .set(setPayload(receipt.returnRecord));
  expectOneUpdated(written, `return ${returnId}`);
  await addEvents(context, transaction, receipt.events);
  await applyCreditAccountChanges(context, transaction, plan.accounts);
  return { returnRecord: receipt.returnRecord, stock };
}

/** Receives a return atomically (the file comment explains why it is safe). */
export function receiveReturn(
  context: StoreContext,
  receipt: ReturnReceipt,
): Promise<{ returnRecord: ReturnRecord; stock: StockRecord[] }> {
  return runInTransaction(context, (transaction) =>
    receiveInTransaction(context, transaction, receipt),
  );
}
