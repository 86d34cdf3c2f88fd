import { cloudFunction } from "../../server/functions/cloudbase-entry";
import { notificationsFunction } from "../../server/functions/notifications";

/** CloudBase entry of the notifications function. */
export const main = cloudFunction(notificationsFunction);
