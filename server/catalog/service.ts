import { AppError } from "../../shared/errors";
import type { Page } from "../../shared/schemas/common";
import type { SkuView, StockView } from "../../shared/schemas/catalog";
import { wholeUnits } from "../../shared/units";
import { resolveActingCustomer } from "../core/access";
import type { Caller } from "../core/caller";
import { newId } from "../core/ids";
import type { Runtime } from "../core/runtime";
import type { CustomerRecord, SkuRecord, StockRecord } from "../store/records";
import { loadPriceBook } from "./pricing";

const DEFAULT_PAGE_SIZE = 50;

/**
 * Picks whose prices a catalog read shows: a customer's own; for staff,
 * the named customer's, or list prices when none is named.
 */
async function pricingCustomer(
  runtime: Runtime,
  caller: Caller,
  customerId: string | undefined,
): Promise<CustomerRecord | null> {
  if (caller.role !== "customer" && !customerId) return null;
  return resolveActingCustomer(runtime.store, caller, customerId);
}

/** Builds catalog views with the customer's prices and live availability. */
export async function buildSkuViews(
  runtime: Runtime,
  customer: CustomerRecord | null,
  skus: readonly SkuRecord[],
): Promise<SkuView[]> {
  const prices = await loadPriceBook(runtime.store, customer, skus);
  const stock = new Map(
    (await runtime.store.getStock(skus.map((sku) => sku.skuId))).map((row) => [
      row.skuId,
      row,
    ]),
  );

  return skus.map((sku) => {
    const row = stock.get(sku.skuId);
    const availableBase = row ? row.onHand - row.reserved : 0;
    return {
      skuId: sku.skuId,
      productId: sku.productId,
      name: sku.name,
      category: sku.category,
      specs: sku.specs,
      baseUnit: sku.baseUnit,
      units: sku.units.map((unit) => {
        const price = prices.priceOf(sku, unit.unit);
        return {
          unit: unit.unit,
          factor: unit.factor,
          priceFen: price.priceFen,
          listPriceFen: unit.listPriceFen,
          priceSource: price.source,
          ...(unit.barcode ? { barcode: unit.barcode } : {}),
          minQuantity: unit.minQuantity,
          stepQuantity: unit.stepQuantity,
        };
      }),
      available: Object.fromEntries(
        sku.units.map((unit) => [unit.unit, wholeUnits(availableBase, unit.factor)]),
      ),
    };
  });
}

/** Pages the catalog by SKU id with the caller's prices. */
export async function listCatalog(
  runtime: Runtime,
  caller: Caller,
  input: {
    cursor?: string;
    limit?: number;
    category?: string;
    search?: string;
    customerId?: string;
  },
): Promise<Page<SkuView>> {
  const customer = await pricingCustomer(runtime, caller, input.customerId);
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const skus = await runtime.store.listSkus({
    category: input.category,
    search: input.search,
    afterSkuId: input.cursor,
    limit: limit + 1,
  });
  const page = skus.slice(0, limit);
  return {
    items: await buildSkuViews(runtime, customer, page),
    nextCursor: skus.length > limit ? page[page.length - 1].skuId : null,
  };
}

export async function getCatalogSku(
  runtime: Runtime,
  caller: Caller,
  input: { skuId: string; customerId?: string },
): Promise<SkuView> {
  const customer = await pricingCustomer(runtime, caller, input.customerId);
  const [sku] = await runtime.store.getSkus([input.skuId]);
  if (!sku) throw new AppError("NOT_FOUND", `SKU ${input.skuId} not found`);
  const [view] = await buildSkuViews(runtime, customer, [sku]);
  return view;
}

/** Finds the SKU and unit a barcode is printed on. */
export async function findSkuByBarcode(
  runtime: Runtime,
  caller: Caller,
  input: { barcode: string; customerId?: string },
): Promise<{ unit: string; sku: SkuView }> {
  const customer = await pricingCustomer(runtime, caller, input.customerId);
  const found = await runtime.store.findSkuByBarcode(input.barcode);
  if (!found) throw new AppError("NOT_FOUND", `no SKU has barcode ${input.barcode}`);
  const [view] = await buildSkuViews(runtime, customer, [found.sku]);
  return { unit: found.unit, sku: view };
}

/** Adds received goods to on-hand stock, converting to base units. */
export async function receiveStock(
  runtime: Runtime,
  caller: Caller,
  input: { skuId: string; unit: string; quantity: number; note?: string },
): Promise<StockView> {
  const [sku] = await runtime.store.getSkus([input.skuId]);
  if (!sku) throw new AppError("NOT_FOUND", `SKU ${input.skuId} not found`);
  const unit = sku.units.find((candidate) => candidate.unit === input.unit);
  if (!unit) {
    throw new AppError("INVALID_INPUT", `SKU ${sku.skuId} is not sold in ${input.unit}`, [
      { path: ["unit"], code: "unknown_unit", message: `allowed: ${sku.units.map((u) => u.unit).join(", ")}` },
    ]);
  }

  const baseQuantity = input.quantity * unit.factor;
  const stock: StockRecord = await runtime.store.receiveStock({
    skuId: sku.skuId,
    baseQuantity,
    event: {
      eventId: newId("evt"),
      entityType: "stock",
      entityId: sku.skuId,
      action: "stock.received",
      actorId: caller.userId,
      actorRole: caller.role,
      at: runtime.now(),
      data: {
        unit: unit.unit,
        quantity: input.quantity,
        baseQuantity,
        ...(input.note ? { note: input.note } : {}),
      },
    },
  });
  return { ...stock, available: stock.onHand - stock.reserved };
}
