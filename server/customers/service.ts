import { AppError } from "../../shared/errors";
import type { Page } from "../../shared/schemas/common";
import type { CustomerView } from "../../shared/schemas/customer";
import { assertCanSeeCustomer } from "../core/access";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";
import type { CustomerRecord } from "../store/records";

const DEFAULT_PAGE_SIZE = 50;

/** Builds the view of a customer. The share revocation instant, an internal epoch-ms field, stays out. */
async function toView(runtime: Runtime, customer: CustomerRecord): Promise<CustomerView> {
  const exposure = await runtime.store.getCreditExposure(customer.customerId, runtime.now());
  const { statementSharesRevokedBefore: _revokedBefore, ...fields } = customer;
  return { ...fields, ...exposure };
}

/**
 * Pages the customers a caller may see with their debt: a salesperson's
 * assigned customers, a customer's own account, everyone for office staff.
 */
export async function listCustomers(
  runtime: Runtime,
  caller: Caller,
  input: { cursor?: string; limit?: number; search?: string },
): Promise<Page<CustomerView>> {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  if (caller.role === "customer") {
    const own = caller.customerId ? await runtime.store.getCustomer(caller.customerId) : null;
    return { items: own && !input.cursor ? [await toView(runtime, own)] : [], nextCursor: null };
  }

  const rows = await runtime.store.listCustomers({
    search: input.search,
    salespersonId: caller.role === "salesperson" ? caller.userId : undefined,
    afterCustomerId: input.cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const items: CustomerView[] = [];
  for (const customer of page) items.push(await toView(runtime, customer));
  return { items, nextCursor: rows.length > limit ? page[page.length - 1].customerId : null };
}

export async function getCustomer(
  runtime: Runtime,
  caller: Caller,
  input: { customerId: string },
): Promise<CustomerView> {
  const customer = await runtime.store.getCustomer(input.customerId);
  if (!customer) throw new AppError("NOT_FOUND", `customer ${input.customerId} not found`);
  assertCanSeeCustomer(caller, customer);
  return toView(runtime, customer);
}
