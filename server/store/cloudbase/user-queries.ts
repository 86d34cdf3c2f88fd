/**
 * Users chosen as notification recipients: a customer's shop logins and
 * everyone in a role. The `users` indexes (customerId, _id) and
 * (role, _id) serve these queries.
 */

import type { UserRecord } from "../records";
import type { StoreContext } from "./context";
import { toRecord } from "./documents";
import { readByKeyset } from "./paging";

/** Returns the users who act for the customer, by userId. */
export async function listUsersOfCustomer(
  context: StoreContext,
  customerId: string,
): Promise<UserRecord[]> {
  const documents = await readByKeyset(context, {
    collection: "users",
    conditions: [{ customerId }],
    direction: "asc",
  });
  return documents.map((document) => toRecord<UserRecord>(document));
}

/** Returns the users with the role, by userId. */
export async function listUsersByRole(
  context: StoreContext,
  role: UserRecord["role"],
): Promise<UserRecord[]> {
  const documents = await readByKeyset(context, {
    collection: "users",
    conditions: [{ role }],
    direction: "asc",
  });
  return documents.map((document) => toRecord<UserRecord>(document));
}
