/**
 * Collection names, document ids and the mapping between records and
 * stored documents.
 */

import { createHash } from "node:crypto";

import type { StoredDocument } from "./sdk";

export const COLLECTION_NAMES = [
  "users",
  "settings",
  "products",
  "skus",
  "stock",
  "customers",
  "customer_prices",
  "receivables",
  "orders",
  "reservations",
  "audit_events",
  "counters",
  "idempotency_keys",
  "invitations",
  "outbox",
  "inbox",
  "subscriptions",
  "alerts",
  "credit_accounts",
  "payments",
  "payment_refs",
  "credit_balances",
  "returns",
  "return_requests",
  "returned_quantities",
  "credit_notes",
] as const;

export type CollectionName = (typeof COLLECTION_NAMES)[number];

/** Id of the settings document that contains the tier rates. */
export const TIER_RATES_ID = "tierRates";

/**
 * Derives a document id from several parts. Hashing keeps the id within
 * CloudBase's id rules whatever the parts contain (unit names are
 * Chinese) and makes distinct part lists give distinct ids.
 */
export function derivedId(kind: string, parts: readonly string[]): string {
  const digest = createHash("sha256")
    .update(JSON.stringify(parts))
    .digest("hex")
    .slice(0, 40);
  return `${kind}_${digest}`;
}

/** Id of the document that records which order a request id placed. */
export function idempotencyKeyId(placedBy: string, requestId: string): string {
  return derivedId("idem", [placedBy, requestId]);
}

export function customerPriceId(
  customerId: string,
  skuId: string,
  unit: string,
): string {
  return derivedId("price", [customerId, skuId, unit]);
}

/** Id of the per-day order number counter, e.g. "orderNo_20261204". */
export function orderCounterId(orderDateCompact: string): string {
  return `orderNo_${orderDateCompact}`;
}

/** Id of the document that counts a user's authorisations for a template. */
export function subscriptionId(userId: string, template: string): string {
  return derivedId("sub", [userId, template]);
}

/** Id of an alert's document; alert ids contain ":", so they are hashed. */
export function alertDocumentId(alertId: string): string {
  return derivedId("alert", [alertId]);
}

/** Id of the document that records which payment an external reference made. */
export function paymentRefId(externalRef: string): string {
  return derivedId("payref", [externalRef]);
}

/** Id of the document that records which return a request id opened. */
export function returnRequestId(requestId: string): string {
  return derivedId("retreq", [requestId]);
}

/** Id of the document that totals the quantity returned of one order line. */
export function returnedQuantityId(orderId: string, lineNo: number): string {
  return derivedId("returned", [orderId, String(lineNo)]);
}

/**
 * Id of an order's reservation by its position: the draft's lines first,
 * then the lines each order change adds. Zero-padding keeps `_id` order
 * equal to that order up to 10,000 reservations.
 */
export function reservationId(orderId: string, index: number): string {
  return `${orderId}_r${String(index).padStart(4, "0")}`;
}

/** Compares ids by UTF-16 code units, as JavaScript's < does, not by locale. */
export function compareIds(left: string, right: string): number {
  if (left < right) return -1;
  if (left > right) return 1;
  return 0;
}

/** Builds the stored form of a record: its fields plus `_id`. */
export function toDocument(id: string, record: object): StoredDocument {
  return { ...record, _id: id };
}

/** Returns the document's fields without `_id` and the named extra fields. */
export function fieldsOf(
  document: StoredDocument,
  internalFields: readonly string[] = [],
): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...document };
  delete fields._id;
  for (const name of internalFields) delete fields[name];
  return fields;
}

/**
 * Reads a stored document back as a record. The adapter wrote every
 * document from a record of the same type, so no field-by-field check is
 * done here.
 */
export function toRecord<T>(
  document: StoredDocument,
  internalFields: readonly string[] = [],
): T {
  return fieldsOf(document, internalFields) as T;
}

/** Returns the record without `_id`, which CloudBase rejects in `set()`. */
export function setPayload(record: object): Record<string, unknown> {
  const payload: Record<string, unknown> = { ...record };
  delete payload._id;
  return payload;
}
