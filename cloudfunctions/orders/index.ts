import { cloudFunction } from "../../server/functions/cloudbase-entry";
import { ordersFunction } from "../../server/functions/orders";

/** CloudBase entry of the orders function. */
export const main = cloudFunction(ordersFunction);
