import { z } from "zod";

import { SEARCH_TEXT_MAX_LENGTH } from "../search";
import {
  IdSchema,
  PageRequestShape,
  QuantitySchema,
  UnitNameSchema,
} from "./common";

export const CatalogListRequest = z.strictObject({
  ...PageRequestShape,
  category: z.string().min(1).max(32).optional(),
  search: z.string().trim().min(1).max(SEARCH_TEXT_MAX_LENGTH).optional(),
  customerId: IdSchema.optional(),
});

export const CatalogGetRequest = z.strictObject({
  skuId: IdSchema,
  customerId: IdSchema.optional(),
});

export const FindByBarcodeRequest = z.strictObject({
  barcode: z.string().regex(/^\d{6,14}$/, "must be 6 to 14 digits"),
  customerId: IdSchema.optional(),
});

export const ReceiveStockRequest = z.strictObject({
  skuId: IdSchema,
  unit: UnitNameSchema,
  quantity: QuantitySchema,
  note: z.string().trim().max(200).optional(),
});

/** One unit a SKU is sold in, with the caller's price. */
export interface SkuUnitView {
  unit: string;
  factor: number;
  priceFen: number;
  listPriceFen: number;
  priceSource: "customer" | "tier" | "list";
  barcode?: string;
  minQuantity: number;
  stepQuantity: number;
}

/** A SKU as catalog.list and catalog.get return it. */
export interface SkuView {
  skuId: string;
  productId: string;
  name: string;
  category: string;
  specs: Record<string, string>;
  baseUnit: string;
  units: SkuUnitView[];
  /** Whole units available now, per unit name. */
  available: Record<string, number>;
}

export interface StockView {
  skuId: string;
  onHand: number;
  reserved: number;
  available: number;
}
