import { cloudFunction } from "../../server/functions/cloudbase-entry";
import { alertsFunction } from "../../server/functions/alerts";

/** CloudBase entry of the alerts function. */
export const main = cloudFunction(alertsFunction);
