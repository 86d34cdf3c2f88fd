import type { Page } from "../../../shared/schemas/common";
import { callFunction } from "./call-function";

/** A customer as staff pick one to order for. */
export interface CustomerOption {
  customerId: string;
  name: string;
}

// NOTE: the customers function is not part of the function contract yet;
// until it exists this call fails and staff cannot pick a customer.
export function listCustomers(): Promise<Page<CustomerOption>> {
  return callFunction<Page<CustomerOption>>("customers", {
    action: "list",
    limit: 200,
  });
}
