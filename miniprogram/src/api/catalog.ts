import type { SkuView } from "../../../shared/schemas/catalog";
import type { Page } from "../../../shared/schemas/common";
import { callFunction } from "./call-function";

export interface CatalogListInput {
  cursor?: string;
  limit?: number;
  search?: string;
  customerId?: string;
}

/** Lists SKUs with the caller's prices (or the customer's, for staff). */
export function listCatalog(input: CatalogListInput): Promise<Page<SkuView>> {
  return callFunction<Page<SkuView>>("catalog", { action: "list", ...input });
}

/** Returns one SKU with the caller's (or the named customer's) prices. */
export function getCatalogSku(
  skuId: string,
  customerId?: string,
): Promise<SkuView> {
  return callFunction<SkuView>("catalog", { action: "get", skuId, customerId });
}

/** A barcode's SKU and the unit the barcode is printed on. */
export interface BarcodeMatch {
  unit: string;
  sku: SkuView;
}

/** Finds the SKU and unit of a scanned or typed barcode; NOT_FOUND if none. */
export function findByBarcode(
  barcode: string,
  customerId?: string,
): Promise<BarcodeMatch> {
  return callFunction<BarcodeMatch>("catalog", {
    action: "findByBarcode",
    barcode,
    customerId,
  });
}
