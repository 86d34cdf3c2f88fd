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
