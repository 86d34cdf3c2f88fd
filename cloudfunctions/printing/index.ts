import { cloudFunction } from "../../server/functions/cloudbase-entry";
import { printingFunction } from "../../server/functions/printing";

/** CloudBase entry of the printing function. */
export const main = cloudFunction(printingFunction);
