import { catalogFunction } from "../../server/functions/catalog";
import { cloudFunction } from "../../server/functions/cloudbase-entry";

/** CloudBase entry of the catalog function. */
export const main = cloudFunction(catalogFunction);
