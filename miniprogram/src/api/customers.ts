import type { Page } from "../../../shared/schemas/common";
import type { CustomerView } from "../../../shared/schemas/customer";
import { callFunction } from "./call-function";

/** A customer as staff pick one to order for. */
export interface CustomerOption {
  customerId: string;
  name: string;
}

export interface CustomerListInput {
  cursor?: string;
  limit?: number;
  search?: string;
}

/**
 * Pages the customers the caller may see, with outstanding and overdue
 * debt: a salesperson gets only assigned customers.
 */
export function listCustomers(
  input: CustomerListInput = {},
): Promise<Page<CustomerView>> {
  return callFunction<Page<CustomerView>>("customers", {
    action: "list",
    ...input,
  });
}

export function getCustomer(customerId: string): Promise<CustomerView> {
  return callFunction<CustomerView>("customers", {
    action: "get",
    customerId,
  });
}
