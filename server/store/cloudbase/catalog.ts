/**
 * Products, SKUs and stock.
 */

import { AppError } from "../../../shared/errors";
import type { StockReceipt } from "../port";
import type { ProductRecord, SkuRecord, StockRecord } from "../records";
import type { StoreContext } from "./context";
import { setPayload, toDocument, toRecord } from "./documents";
import { readByIds, readByKeyset, readDocument } from "./paging";
import { documentsOf, type StoredDocument } from "./sdk";
import { expectOneUpdated, runInTransaction } from "./transaction";

export async function saveProduct(
  context: StoreContext,
  product: ProductRecord,
): Promise<void> {
  await context
    .collection("products")
    .doc(product.productId)
    .set(setPayload(product));
}

export async function getProduct(
  context: StoreContext,
  productId: string,
): Promise<ProductRecord | null> {
  const document = await readDocument(context, "products", productId);
  return document && toRecord<ProductRecord>(document);
}

/**
 * Saves the SKU and, on first save, its stock document at zero, in one
 * transaction so a SKU never exists without stock.
 */
export function saveSku(context: StoreContext, sku: SkuRecord): Promise<void> {
  return runInTransaction(context, async (transaction) => {
    await context
      .inTransaction(transaction, "skus")
      .doc(sku.skuId)
      .set(setPayload(sku));

    const stock = context.inTransaction(transaction, "stock");
    const [current] = documentsOf(await stock.doc(sku.skuId).get());
    if (current === undefined) {
      const empty: StockRecord = { skuId: sku.skuId, onHand: 0, reserved: 0 };
      await stock.doc(sku.skuId).set(setPayload(empty));
    }
  });
}

/** Returns the SKUs that exist, in the order their ids were given. */
export async function getSkus(
  context: StoreContext,
  skuIds: readonly string[],
): Promise<SkuRecord[]> {
  const found = await readByIds(context, "skus", skuIds);
  return [...new Set(skuIds)].flatMap((skuId) => {
    const document = found.get(skuId);
    return document ? [toRecord<SkuRecord>(document)] : [];
  });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Pages SKUs by skuId. The search runs in the database as a
 * case-insensitive substring match on name, SKU id, pinyin initials and
 * unit barcodes. No index serves it, so CloudBase scans the category.
 */
export async function listSkus(
  context: StoreContext,
  query: {
    category?: string;
    search?: string;
    afterSkuId?: string;
    limit: number;
  },
): Promise<SkuRecord[]> {
  const _ = context.command;
  const conditions: object[] = [];

  if (query.category) {
    conditions.push({ category: query.category });
  }
  const search = query.search?.trim();
  if (search) {
    const pattern = () =>
      context.db.RegExp({ regexp: escapeRegExp(search), options: "i" });
    conditions.push(
      _.or([
        { name: pattern() },
        { _id: pattern() },
        { pinyinInitials: pattern() },
        { "units.barcode": pattern() },
      ]),
    );
  }

  const documents = await readByKeyset(context, {
    collection: "skus",
    conditions,
    direction: "asc",
    after: query.afterSkuId ? { id: query.afterSkuId } : undefined,
    limit: query.limit,
  });
  return documents.map((document) => toRecord<SkuRecord>(document));
}

export async function findSkuByBarcode(
  context: StoreContext,
  barcode: string,
): Promise<{ sku: SkuRecord; unit: string } | null> {
  const [document] = documentsOf(
    await context
      .collection("skus")
      .where({ "units.barcode": barcode })
      .orderBy("_id", "asc")
      .limit(1)
      .get(),
  );
  if (document === undefined) return null;

  const sku = toRecord<SkuRecord>(document);
  const unit = sku.units.find((candidate) => candidate.barcode === barcode);
  return unit ? { sku, unit: unit.unit } : null;
}

function toStock(document: StoredDocument): StockRecord {
  return {
    skuId: document._id,
    onHand: Number(document.onHand ?? 0),
    reserved: Number(document.reserved ?? 0),
  };
}

/** Returns the stock rows that exist, in the order their ids were given. */
export async function getStock(
  context: StoreContext,
  skuIds: readonly string[],
): Promise<StockRecord[]> {
  const found = await readByIds(context, "stock", skuIds);
  return [...new Set(skuIds)].flatMap((skuId) => {
    const document = found.get(skuId);
    return document ? [toStock(document)] : [];
  });
}

/**
 * Adds on-hand stock and writes the audit event in one transaction. The
 * stock document is written in it, so a concurrent reservation of the
 * same SKU conflicts and re-runs instead of overwriting. Throws NOT_FOUND
 * for a SKU that was never saved.
 */
export function receiveStock(
  context: StoreContext,
  receipt: StockReceipt,
): Promise<StockRecord> {
  return runInTransaction(context, async (transaction) => {
    const stock = context.inTransaction(transaction, "stock");
    const [current] = documentsOf(await stock.doc(receipt.skuId).get());

    if (current === undefined) {
      throw new AppError("NOT_FOUND", `SKU ${receipt.skuId} not found`);
    }

    const before = toStock(current);
    const received = {
      ...before,
      onHand: before.onHand + receipt.baseQuantity,
    };
    // An $inc of 0 changes nothing, and MongoDB then counts 0 documents
    // updated, so only a real change is written and checked.
    if (receipt.baseQuantity !== 0) {
      const result = await stock
        .doc(receipt.skuId)
        .update({ onHand: context.command.inc(receipt.baseQuantity) });
      expectOneUpdated(result, `stock of ${receipt.skuId}`);
    }

    await context
      .inTransaction(transaction, "audit_events")
      .add(toDocument(receipt.event.eventId, receipt.event));
    return received;
  });
}
