import { cloudFunction } from "../../server/functions/cloudbase-entry";
import { financeFunction } from "../../server/functions/finance";

/** CloudBase entry of the finance function. */
export const main = cloudFunction(financeFunction);
