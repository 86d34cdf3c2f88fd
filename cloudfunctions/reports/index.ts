import { cloudFunction } from "../../server/functions/cloudbase-entry";
import { reportsFunction } from "../../server/functions/reports";

/** CloudBase entry of the reports function. */
export const main = cloudFunction(reportsFunction);
