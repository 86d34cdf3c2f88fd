import { AppError } from "../../shared/errors";
import type { Store } from "../store/port";
import type { CustomerRecord } from "../store/records";
import type { Caller } from "./caller";

/**
 * Resolves which customer a caller acts for. A customer always acts for
 * themselves; a salesperson only for an assigned customer; clerk and
 * manager for any customer they name.
 */
export async function resolveActingCustomer(
  store: Store,
  caller: Caller,
  requestedCustomerId: string | undefined,
): Promise<CustomerRecord> {
  let customerId: string;
  if (caller.role === "customer") {
    if (!caller.customerId) {
      throw new AppError("FORBIDDEN", "this user is not linked to a customer");
    }
    if (requestedCustomerId && requestedCustomerId !== caller.customerId) {
      throw new AppError("FORBIDDEN", "a customer can act only for their own account");
    }
    customerId = caller.customerId;
  } else if (requestedCustomerId) {
    customerId = requestedCustomerId;
  } else {
    throw new AppError("INVALID_INPUT", "customerId is required for staff", [
      { path: ["customerId"], code: "required", message: "customerId is required" },
    ]);
  }

  const customer = await store.getCustomer(customerId);
  if (!customer) throw new AppError("NOT_FOUND", `customer ${customerId} not found`);
  assertCanSeeCustomer(caller, customer);
  return customer;
}

/** Throws FORBIDDEN unless the caller may see this customer's data. */
export function assertCanSeeCustomer(caller: Caller, customer: CustomerRecord): void {
  if (!canSeeCustomer(caller, customer)) {
    throw new AppError("FORBIDDEN", `no access to customer ${customer.customerId}`);
  }
}

export function canSeeCustomer(caller: Caller, customer: CustomerRecord): boolean {
  switch (caller.role) {
    case "customer":
      return caller.customerId === customer.customerId;
    case "salesperson":
      return customer.salespersonId === caller.userId;
    default:
      return true;
  }
}
