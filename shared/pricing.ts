/**
 * The pricing rule, in one place. A customer's unit price for a SKU in a
 * unit is:
 *   1. the customer-specific price for that SKU and unit, if one is set;
 *   2. otherwise the list price times the customer's tier rate, rounded
 *      half up to the fen, if the tier has a rate;
 *   3. otherwise the list price.
 * A line's amount is the unit price times the quantity, so it is always an
 * exact integer number of fen and totals are exact sums of lines.
 */

import { multiplyFen } from "./money";

export const CUSTOMER_TIERS = ["core", "standard", "new"] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

/** Tier rates in basis points of the list price (9000 = 90%). */
export type TierRates = Record<CustomerTier, number>;

export const DEFAULT_TIER_RATES: TierRates = {
  core: 9000,
  standard: 10000,
  new: 9500,
};

export type PriceSource = "customer" | "tier" | "list";

/** Highest negotiated price per unit, in fen (¥100,000,000). */
export const MAX_NEGOTIATED_PRICE_FEN = 1e10;

/** Source of an order line's price: the pricing rule, or a price staff negotiated. */
export type LinePriceSource = PriceSource | "negotiated";

export interface UnitPrice {
  priceFen: number;
  source: PriceSource;
}

/** Applies a rate in basis points to a price, rounding half up to the fen. */
export function applyRate(listPriceFen: number, rateBp: number): number {
  if (!Number.isSafeInteger(listPriceFen) || listPriceFen < 0) {
    throw new RangeError(`list price must be a non-negative integer, got ${listPriceFen}`);
  }
  if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > 100000) {
    throw new RangeError(`rate must be 0..100000 basis points, got ${rateBp}`);
  }
  // Integer division with a +5000 bias is half-up rounding without floats.
  return Math.floor((listPriceFen * rateBp + 5000) / 10000);
}

/** Resolves the customer's unit price by the rule above. */
export function resolveUnitPrice(input: {
  listPriceFen: number;
  customerPriceFen?: number;
  tierRateBp?: number;
}): UnitPrice {
  if (input.customerPriceFen !== undefined) {
    return { priceFen: input.customerPriceFen, source: "customer" };
  }
  if (input.tierRateBp !== undefined) {
    return {
      priceFen: applyRate(input.listPriceFen, input.tierRateBp),
      source: "tier",
    };
  }
  return { priceFen: input.listPriceFen, source: "list" };
}

/** Returns a line's amount: unit price times quantity, in fen. */
export function lineAmountFen(priceFen: number, quantity: number): number {
  return multiplyFen(priceFen, quantity);
}
