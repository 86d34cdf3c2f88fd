import { cloudFunction } from "../../server/functions/cloudbase-entry";
import { importsFunction } from "../../server/functions/imports";

/** CloudBase entry of the imports function. */
export const main = cloudFunction(importsFunction);
