import { cloudFunction } from "../../server/functions/cloudbase-entry";
import { customersFunction } from "../../server/functions/customers";

/** CloudBase entry of the customers function. */
export const main = cloudFunction(customersFunction);
