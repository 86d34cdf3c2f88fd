import type { SkuView } from "../../../shared/schemas/catalog";
import type { OrderView, Quote } from "../../../shared/schemas/order";
import { findUnit } from "../../../shared/units";
import { ApiError } from "../api/api-error";
import { getCatalogSku } from "../api/catalog";
import { quoteOrder } from "../api/orders";
import { formatSpecs, snapQuantity } from "../catalog/products";
import { toOrderLines, type Cart, type CartLine } from "./cart";

/** One way a past line differs from what can be ordered today. */
export type ReorderChange =
  | { kind: "gone"; name: string; unit: string }
  | { kind: "price"; name: string; unit: string; beforeFen: number; nowFen: number }
  | { kind: "short"; name: string; unit: string; requested: number; available: number }
  | { kind: "quantity"; name: string; unit: string; before: number; now: number };

export interface ReorderPlan {
  cart: Cart;
  /** Today's quote of the cart, or null when no line can be ordered. */
  quote: Quote | null;
  changes: ReorderChange[];
}

async function loadSku(
  skuId: string,
  customerId: string | undefined,
): Promise<SkuView | null> {
  try {
    return await getCatalogSku(skuId, customerId);
  } catch (error) {
    if (error instanceof ApiError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/**
 * Rebuilds a past order as a cart at today's catalog, prices and stock,
 * and lists what changed: lines no longer sold, quantities moved to the
 * unit's current minimum and step, new prices, and lines short of stock.
 * `customerId` is the customer staff order for; undefined for a customer.
 */
export async function planReorder(
  order: OrderView,
  customerId: string | undefined,
): Promise<ReorderPlan> {
  const changes: ReorderChange[] = [];
  const skus = new Map<string, SkuView | null>();
  for (const skuId of new Set(order.lines.map((line) => line.skuId))) {
    skus.set(skuId, await loadSku(skuId, customerId));
  }

  const lines: CartLine[] = [];
  for (const line of order.lines) {
    const sku = skus.get(line.skuId);
    const unit = sku ? findUnit(sku.units, line.unit) : undefined;
    if (!sku || !unit) {
      changes.push({ kind: "gone", name: line.name, unit: line.unit });
      continue;
    }
    const quantity = snapQuantity(line.quantity, unit);
    if (quantity !== line.quantity) {
      changes.push({
        kind: "quantity",
        name: line.name,
        unit: line.unit,
        before: line.quantity,
        now: quantity,
      });
    }
    lines.push({
      skuId: sku.skuId,
      unit: unit.unit,
      quantity,
      name: sku.name,
      specsText: formatSpecs(sku.specs),
      minQuantity: unit.minQuantity,
      stepQuantity: unit.stepQuantity,
    });
  }

  const cart: Cart = { customerId: customerId ?? null, lines };
  if (lines.length === 0) return { cart, quote: null, changes };

  const quote = await quoteOrder(toOrderLines(cart), customerId);
  quote.lines.forEach((quoted, index) => {
    const before = order.lines.find(
      (line) => line.skuId === quoted.skuId && line.unit === quoted.unit,
    );
    if (before && before.priceFen !== quoted.priceFen) {
      changes.push({
        kind: "price",
        name: lines[index].name,
        unit: quoted.unit,
        beforeFen: before.priceFen,
        nowFen: quoted.priceFen,
      });
    }
    if (quoted.isShort) {
      changes.push({
        kind: "short",
        name: lines[index].name,
        unit: quoted.unit,
        requested: quoted.quantity,
        available: quoted.available,
      });
    }
  });
  return { cart, quote, changes };
}
