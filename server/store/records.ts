/**
 * Records the store keeps. Instants are epoch milliseconds, money is fen,
 * and quantities in stock and reservations are base units.
 */

import type { PriceSource } from "../../shared/pricing";
import type {
  Address,
  Customer,
  Product,
  Sku,
  SkuUnit,
  User,
} from "../../shared/schemas/entities";
import type { OrderStatus } from "../../shared/order-status";
import type { Role } from "../../shared/roles";
import type {
  AddressSnapshot,
  OrderChannel,
  OrderFlag,
  OrderLine,
} from "../../shared/schemas/order";

/** Catalog and party records are the shared zod entity types. */
export type UserRecord = User;
export type ProductRecord = Product;
export type SkuUnitRecord = SkuUnit;
export type SkuRecord = Sku;
export type AddressRecord = Address;

/** A customer as stored: the shared entity plus fields only the server sets. */
export type CustomerRecord = Customer & {
  /**
   * Instant in epoch ms. This customer's statement share links issued
   * before it are void. Only FinanceStore.revokeStatementShares sets
   * it, and Store.saveCustomer keeps the stored value.
   */
  statementSharesRevokedBefore?: number;
};

export interface StockRecord {
  skuId: string;
  onHand: number;
  reserved: number;
}

export type PaymentTerms = Customer["paymentTerms"];
export type CreditPolicy = Customer["creditPolicy"];

export interface CustomerPriceRecord {
  customerId: string;
  skuId: string;
  unit: string;
  priceFen: number;
}

/** An amount a customer owes, due at an instant. */
export interface ReceivableRecord {
  receivableId: string;
  customerId: string;
  orderId?: string;
  amountFen: number;
  paidFen: number;
  dueAt: number;
  /** When the debt arose (delivery); statements place it by this instant. */
  createdAt?: number;
}

export interface CreditExposure {
  outstandingFen: number;
  overdueFen: number;
  /** Open orders not yet owed as receivables; absent where the adapter does not count them. */
  openOrdersFen?: number;
}

export interface OrderRecord {
  orderId: string;
  orderNo: string;
  customerId: string;
  customerName: string;
  status: OrderStatus;
  channel: OrderChannel;
  placedBy: string;
  lines: OrderLine[];
  totalFen: number;
  address?: AddressSnapshot;
  remark?: string;
  flags: OrderFlag[];
  paymentStatus: "unpaid" | "paid";
  createdAt: number;
  updatedAt: number;
  /** Idempotency key of the placing request, scoped to `placedBy`. */
  requestId: string;
  /** Hash of the placing request's payload, to detect a reused key. */
  requestHash: string;
  /** Bumped by every change so read-modify-write updates can be guarded; absent means 0. */
  version?: number;
  approvedAt?: number;
  /** The warehouse's latest pick, cleared when a shipment leaves. */
  pick?: PickRecord;
  shipments?: ShipmentRecord[];
}

/** Picked quantities, each in its order line's unit. */
export interface PickRecord {
  lines: { lineNo: number; quantity: number }[];
  pickedBy: string;
  at: number;
}

export interface ShipmentRecord {
  shipmentId: string;
  /** Idempotency key of the ship request: a retry with it ships nothing more. */
  requestId: string;
  carrier: string;
  trackingNo: string;
  /** Shipped quantities in each line's unit and in base units. */
  lines: { lineNo: number; quantity: number; baseQuantity: number }[];
  isPartial: boolean;
  shippedBy: string;
  at: number;
  receipt?: { receivedBy: string; signerName: string; at: number };
}

/** A notification waiting to be sent, written with the change it reports. */
export interface OutboxRecord {
  messageId: string;
  recipientUserId: string;
  /** Template key from configuration, e.g. "orderShipped". */
  template: string;
  /** Field values already shortened to WeChat's limits. */
  fields: Record<string, string>;
  /** Values that replace `fields` in the inbox copy, unshortened, e.g. a plate number. */
  inboxFields?: Record<string, string>;
  /** Mini-program page the message opens. */
  page?: string;
  orderId?: string;
  status: "pending" | "sent" | "failed";
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  createdAt: number;
  sentAt?: number;
}

/** A message shown in the mini-program's inbox (and the local stand-in for WeChat). */
export interface InboxRecord {
  messageId: string;
  userId: string;
  template: string;
  title: string;
  fields: Record<string, string>;
  page?: string;
  orderId?: string;
  at: number;
  /** Outcome of the WeChat push: sent, or the reason it was not. */
  delivery?: "sent" | "not_subscribed" | "failed" | "inbox_only";
}

export interface AlertRecord {
  /** `<rule>:<orderId>`, so an alert is raised once per order and rule. */
  alertId: string;
  rule: "review_overdue" | "ship_overdue";
  orderId: string;
  orderNo: string;
  status: "open" | "escalated" | "cleared";
  /** The stored instant the rule measures from (placement or approval). */
  since: number;
  raisedAt: number;
  escalatedAt?: number;
  clearedAt?: number;
}

/**
 * A one-time invitation to register. Only the SHA-256 of the code is kept,
 * as the id, so a stored invitation cannot be redeemed by reading it.
 */
export interface InvitationRecord {
  /** "inv_" + the first 40 hex digits of SHA-256 over the normalised code. */
  invitationId: string;
  role: Role;
  /** Display name the new user gets. */
  name: string;
  /** The customer a customer-role user acts for. */
  customerId?: string;
  /** Customers whose salesperson becomes the new user on redemption. */
  assignCustomerIds?: string[];
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  redeemedBy?: string;
  redeemedAt?: number;
}

export interface AuditEventRecord {
  eventId: string;
  entityType: "order" | "stock" | "customer" | "user" | "invitation";
  entityId: string;
  action: string;
  actorId: string;
  actorRole: Role | "system";
  at: number;
  data?: Record<string, unknown>;
}

export type { PriceSource };
