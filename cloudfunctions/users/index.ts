import { cloudFunction } from "../../server/functions/cloudbase-entry";
import { usersFunction } from "../../server/functions/users";

/** CloudBase entry of the users function. */
export const main = cloudFunction(usersFunction);
