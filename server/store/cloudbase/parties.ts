/**
 * Users, settings, customers and their prices. Receivables and credit
 * exposure are in credit.ts.
 */

import { DEFAULT_TIER_RATES, type TierRates } from "../../../shared/pricing";
import type {
  CustomerPriceRecord,
  CustomerRecord,
  UserRecord,
} from "../records";
import type { StoreContext } from "./context";
import {
  customerPriceId,
  setPayload,
  TIER_RATES_ID,
  toRecord,
} from "./documents";
import { MAX_IN_VALUES, readByKeyset, readDocument } from "./paging";
import { REVOKED_BEFORE_FIELD } from "./finance-shares";
import { documentsOf } from "./sdk";
import { readInTransaction, runInTransaction } from "./transaction";
import { escapeRegExp } from "./catalog";

export async function getUser(
  context: StoreContext,
  userId: string,
): Promise<UserRecord | null> {
  const document = await readDocument(context, "users", userId);
  return document && toRecord<UserRecord>(document);
}

export async function getUserByOpenid(
  context: StoreContext,
  openid: string,
): Promise<UserRecord | null> {
  const [document] = documentsOf(
    await context
      .collection("users")
      .where({ openid })
      .orderBy("_id", "asc")
      .limit(1)
      .get(),
  );
  return document ? toRecord<UserRecord>(document) : null;
}

export async function listUsers(context: StoreContext): Promise<UserRecord[]> {
  const documents = await readByKeyset(context, {
    collection: "users",
    conditions: [],
    direction: "asc",
  });
  return documents.map((document) => toRecord<UserRecord>(document));
}

export async function saveUser(
  context: StoreContext,
  user: UserRecord,
): Promise<void> {
  await context.collection("users").doc(user.userId).set(setPayload(user));
}

export async function getTierRates(context: StoreContext): Promise<TierRates> {
  const document = await readDocument(context, "settings", TIER_RATES_ID);
  if (document === null) return { ...DEFAULT_TIER_RATES };
  return toRecord<{ rates: TierRates }>(document).rates;
}

export async function saveTierRates(
  context: StoreContext,
  rates: TierRates,
): Promise<void> {
  await context
    .collection("settings")
    .doc(TIER_RATES_ID)
    .set({ rates: { ...rates } });
}

/**
 * Writes the customer, keeping the stored statementSharesRevokedBefore
 * and ignoring the record's. The read and the write share a transaction,
 * so a revocation committed in between makes this save re-run.
 */
export async function saveCustomer(
  context: StoreContext,
  customer: CustomerRecord,
): Promise<void> {
  const { statementSharesRevokedBefore: _ignored, ...fields } = customer;
  await runInTransaction(context, async (transaction) => {
    const stored = await readInTransaction(context, transaction, "customers", customer.customerId);
    const revokedBefore = stored?.[REVOKED_BEFORE_FIELD];
    const payload = typeof revokedBefore === "number" ? { ...fields, [REVOKED_BEFORE_FIELD]: revokedBefore } : fields;
    await context
      .inTransaction(transaction, "customers")
      .doc(customer.customerId)
      .set(setPayload(payload));
  });
}

export async function getCustomer(
  context: StoreContext,
  customerId: string,
): Promise<CustomerRecord | null> {
  const document = await readDocument(context, "customers", customerId);
  return document && toRecord<CustomerRecord>(document);
}

export async function listCustomersOfSalesperson(
  context: StoreContext,
  salespersonId: string,
): Promise<CustomerRecord[]> {
  const documents = await readByKeyset(context, {
    collection: "customers",
    conditions: [{ salespersonId }],
    direction: "asc",
  });
  return documents.map((document) => toRecord<CustomerRecord>(document));
}

/**
 * Pages customers by id. The search is a case-insensitive substring match
 * on name and id that no index serves, so CloudBase scans the collection.
 */
export async function listCustomers(
  context: StoreContext,
  query: { search?: string; salespersonId?: string; afterCustomerId?: string; limit: number },
): Promise<CustomerRecord[]> {
  const conditions: object[] = [];
  if (query.salespersonId) conditions.push({ salespersonId: query.salespersonId });
  const search = query.search?.trim();
  if (search) {
    const pattern = () => context.db.RegExp({ regexp: escapeRegExp(search), options: "i" });
    conditions.push(context.command.or([{ name: pattern() }, { _id: pattern() }]));
  }
  const documents = await readByKeyset(context, {
    collection: "customers",
    conditions,
    direction: "asc",
    after: query.afterCustomerId ? { id: query.afterCustomerId } : undefined,
    limit: query.limit,
  });
  return documents.map((document) => toRecord<CustomerRecord>(document));
}

export async function saveCustomerPrice(
  context: StoreContext,
  price: CustomerPriceRecord,
): Promise<void> {
  await context
    .collection("customer_prices")
    .doc(customerPriceId(price.customerId, price.skuId, price.unit))
    .set(setPayload(price));
}

export async function getCustomerPrices(
  context: StoreContext,
  customerId: string,
  skuIds: readonly string[],
): Promise<CustomerPriceRecord[]> {
  const unique = [...new Set(skuIds)];
  const prices: CustomerPriceRecord[] = [];

  for (let start = 0; start < unique.length; start += MAX_IN_VALUES) {
    const chunk = unique.slice(start, start + MAX_IN_VALUES);
    const documents = await readByKeyset(context, {
      collection: "customer_prices",
      conditions: [{ customerId, skuId: context.command.in(chunk) }],
      direction: "asc",
    });
    prices.push(
      ...documents.map((document) => toRecord<CustomerPriceRecord>(document)),
    );
  }
  return prices;
}
