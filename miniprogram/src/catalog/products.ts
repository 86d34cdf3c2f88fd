import type { SkuUnitView, SkuView } from "../../../shared/schemas/catalog";

/** SKUs of one product; they differ only by specs. */
export interface Product {
  productId: string;
  skus: SkuView[];
}

/** Groups SKUs by productId, keeping the order of first appearance. */
export function groupByProduct(skus: readonly SkuView[]): Product[] {
  const products = new Map<string, Product>();
  for (const sku of skus) {
    const product = products.get(sku.productId);
    if (product) product.skus.push(sku);
    else products.set(sku.productId, { productId: sku.productId, skus: [sku] });
  }
  return [...products.values()];
}

/** Spec values joined for a chip or a cart line: "800×800mm / 哑光". */
export function formatSpecs(specs: Record<string, string>): string {
  const values = Object.values(specs).filter((value) => value !== "");
  return values.length > 0 ? values.join(" / ") : "标准";
}

type QuantityRule = Pick<SkuUnitView, "minQuantity" | "stepQuantity">;

/**
 * Moves a quantity to the next allowed value in a direction. Allowed
 * values are minQuantity, minQuantity + stepQuantity, and so on, so a
 * decrease never goes below the minimum.
 */
export function stepQuantity(
  quantity: number,
  rule: QuantityRule,
  direction: 1 | -1,
): number {
  const snapped = snapQuantity(quantity, rule);
  if (direction === 1) {
    return snapped > quantity ? snapped : snapped + rule.stepQuantity;
  }
  // snapped is quantity itself or the first allowed value above it, so
  // one step below it is the next allowed value below quantity.
  return Math.max(rule.minQuantity, snapped - rule.stepQuantity);
}

/**
 * Rounds a typed quantity up to the nearest allowed value; anything below
 * the minimum, or not a number, becomes the minimum.
 */
export function snapQuantity(quantity: number, rule: QuantityRule): number {
  const { minQuantity, stepQuantity: step } = rule;
  if (!Number.isFinite(quantity) || quantity <= minQuantity) return minQuantity;
  const steps = Math.ceil((Math.floor(quantity) - minQuantity) / step);
  return minQuantity + steps * step;
}

/**
 * Returns the largest allowed quantity that stock covers, or 0 when even
 * the minimum is more than `available`.
 */
export function orderableQuantity(available: number, rule: QuantityRule): number {
  const { minQuantity, stepQuantity: step } = rule;
  if (available < minQuantity) return 0;
  return minQuantity + Math.floor((available - minQuantity) / step) * step;
}

/**
 * Chooses the spec and unit a product card starts on: the SKU and unit
 * whose barcode is the search text, so that a searched case barcode
 * opens on 箱, or else the first SKU in its first unit.
 */
export function initialChoice(product: Product, search: string): { skuId: string; unit: string } {
  const barcode = search.trim();
  if (barcode !== "") {
    for (const sku of product.skus) {
      const unit = sku.units.find((candidate) => candidate.barcode === barcode);
      if (unit) return { skuId: sku.skuId, unit: unit.unit };
    }
  }
  return { skuId: product.skus[0].skuId, unit: product.skus[0].units[0].unit };
}
