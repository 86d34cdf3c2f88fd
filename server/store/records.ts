/**
 * What the store keeps. Instants are epoch milliseconds; money is fen;
 * quantities in stock and reservations are base units.
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
export type CustomerRecord = Customer;

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
}

export interface CreditExposure {
  outstandingFen: number;
  overdueFen: number;
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
}

export interface AuditEventRecord {
  eventId: string;
  entityType: "order" | "stock" | "customer";
  entityId: string;
  action: string;
  actorId: string;
  actorRole: Role | "system";
  at: number;
  data?: Record<string, unknown>;
}

export type { PriceSource };
