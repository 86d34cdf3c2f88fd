/**
 * What the store keeps. Instants are epoch milliseconds; money is fen;
 * quantities in stock and reservations are base units.
 */

import type { CustomerTier, PriceSource } from "../../shared/pricing";
import type { OrderStatus } from "../../shared/order-status";
import type { Role } from "../../shared/roles";
import type {
  AddressSnapshot,
  OrderChannel,
  OrderFlag,
  OrderLine,
} from "../../shared/schemas/order";

export interface UserRecord {
  userId: string;
  name: string;
  role: Role;
  /** The customer a customer-role user orders for. */
  customerId?: string;
  /** WeChat openid in CloudBase; absent for demo users. */
  openid?: string;
}

export interface ProductRecord {
  productId: string;
  name: string;
  category: string;
  /** Spec names and their allowed values, e.g. {规格: ["800×800mm"]}. */
  specOptions: Record<string, string[]>;
  baseUnit: string;
}

export interface SkuUnitRecord {
  unit: string;
  factor: number;
  listPriceFen: number;
  barcode?: string;
  minQuantity: number;
  stepQuantity: number;
}

export interface SkuRecord {
  skuId: string;
  productId: string;
  name: string;
  category: string;
  /** One value per spec of the product. */
  specs: Record<string, string>;
  baseUnit: string;
  units: SkuUnitRecord[];
  /** Lowercase pinyin initials of the name, for search. */
  pinyinInitials?: string;
}

export interface StockRecord {
  skuId: string;
  onHand: number;
  reserved: number;
}

export interface AddressRecord extends AddressSnapshot {
  isDefault: boolean;
}

export type PaymentTerms =
  | { kind: "cash" }
  | { kind: "monthly"; creditLimitFen: number; dueDays: number };

export type CreditPolicy = "block" | "hold";

export interface CustomerRecord {
  customerId: string;
  name: string;
  tier: CustomerTier;
  province: string;
  regionGroup: string;
  addresses: AddressRecord[];
  paymentTerms: PaymentTerms;
  creditPolicy: CreditPolicy;
  salespersonId?: string;
}

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
