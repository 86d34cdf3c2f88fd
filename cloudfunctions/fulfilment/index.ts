import { cloudFunction } from "../../server/functions/cloudbase-entry";
import { fulfilmentFunction } from "../../server/functions/fulfilment";

/** CloudBase entry of the fulfilment function. */
export const main = cloudFunction(fulfilmentFunction);
