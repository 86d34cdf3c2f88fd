import { resolveUnitPrice, type UnitPrice } from "../../shared/pricing";
import type { Store } from "../store/port";
import type { CustomerRecord, SkuRecord } from "../store/records";

/** Looks up unit prices for one customer (or list prices when none). */
export interface PriceBook {
  priceOf(sku: SkuRecord, unit: string): UnitPrice;
}

/** Loads what the pricing rule needs for these SKUs and this customer. */
export async function loadPriceBook(
  store: Store,
  customer: CustomerRecord | null,
  skus: readonly SkuRecord[],
): Promise<PriceBook> {
  const customerPrices = new Map<string, number>();
  let tierRateBp: number | undefined;
  if (customer) {
    const skuIds = skus.map((sku) => sku.skuId);
    for (const price of await store.getCustomerPrices(customer.customerId, skuIds)) {
      customerPrices.set(`${price.skuId}\u0000${price.unit}`, price.priceFen);
    }
    tierRateBp = (await store.getTierRates())[customer.tier];
  }

  return {
    priceOf(sku, unit) {
      const definition = sku.units.find((candidate) => candidate.unit === unit);
      if (!definition) throw new RangeError(`SKU ${sku.skuId} has no unit ${unit}`);
      return resolveUnitPrice({
        listPriceFen: definition.listPriceFen,
        customerPriceFen: customerPrices.get(`${sku.skuId}\u0000${unit}`),
        tierRateBp,
      });
    },
  };
}
