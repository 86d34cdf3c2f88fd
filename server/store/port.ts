/**
 * The Store port: everything the services need from a database, in the
 * domain's words. Each method is one atomic use case; adapters (SQLite,
 * CloudBase) implement it and pass the same contract suite.
 */

import type { OrderStatus } from "../../shared/order-status";
import type { TierRates } from "../../shared/pricing";
import type {
  AuditEventRecord,
  CreditExposure,
  CustomerPriceRecord,
  CustomerRecord,
  OrderRecord,
  ProductRecord,
  ReceivableRecord,
  SkuRecord,
  StockRecord,
  UserRecord,
} from "./records";

/** A base-unit quantity to reserve for one order line. */
export interface ReservationRequest {
  lineNo: number;
  skuId: string;
  baseQuantity: number;
}

/** A new order and the stock it reserves, written together or not at all. */
export interface OrderDraft {
  /** The order without its number; the store assigns `orderNo`. */
  order: Omit<OrderRecord, "orderNo">;
  /** China-time date "YYYY-MM-DD" that numbers the order. */
  orderDate: string;
  reservations: ReservationRequest[];
  event: AuditEventRecord;
}

export interface PlaceResult {
  order: OrderRecord;
  /** True when the request id had already placed this order. */
  isReplay: boolean;
}

/** Per-SKU shortfall, in base units, when a reservation cannot be made. */
export interface StockShortage {
  lineNo: number;
  skuId: string;
  requestedBase: number;
  availableBase: number;
}

export interface OrderTransition {
  orderId: string;
  /** The change applies only if the order is in one of these statuses. */
  from: readonly OrderStatus[];
  to: OrderStatus;
  /** Release the order's active reservations in the same step. */
  releaseReservations: boolean;
  event: AuditEventRecord;
}

export interface OrderFilter {
  /** Only these customers; undefined means all. */
  customerIds?: readonly string[];
  status?: OrderStatus;
  /** Inclusive lower bound on createdAt, epoch ms. */
  createdFrom?: number;
  /** Exclusive upper bound on createdAt, epoch ms. */
  createdBefore?: number;
}

/** Keyset position: the last (createdAt, orderId) of the previous page. */
export interface OrderCursor {
  createdAt: number;
  orderId: string;
}

export interface ReservationRecord {
  orderId: string;
  lineNo: number;
  skuId: string;
  baseQuantity: number;
  state: "active" | "released" | "consumed";
}

export interface StockReceipt {
  skuId: string;
  baseQuantity: number;
  event: AuditEventRecord;
}

export interface Store {
  // Identity
  getUser(userId: string): Promise<UserRecord | null>;
  getUserByOpenid(openid: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  saveUser(user: UserRecord): Promise<void>;

  // Settings
  getTierRates(): Promise<TierRates>;
  saveTierRates(rates: TierRates): Promise<void>;

  // Catalog
  saveProduct(product: ProductRecord): Promise<void>;
  getProduct(productId: string): Promise<ProductRecord | null>;
  saveSku(sku: SkuRecord): Promise<void>;
  getSkus(skuIds: readonly string[]): Promise<SkuRecord[]>;
  /**
   * Pages SKUs ordered by skuId, after `afterSkuId`. `search` matches name,
   * SKU id, pinyin initials or a barcode, case-insensitively.
   */
  listSkus(query: {
    category?: string;
    search?: string;
    afterSkuId?: string;
    limit: number;
  }): Promise<SkuRecord[]>;
  findSkuByBarcode(
    barcode: string,
  ): Promise<{ sku: SkuRecord; unit: string } | null>;

  // Stock
  getStock(skuIds: readonly string[]): Promise<StockRecord[]>;
  /** Adds on-hand stock and writes the audit event, atomically. */
  receiveStock(receipt: StockReceipt): Promise<StockRecord>;

  // Customers
  saveCustomer(customer: CustomerRecord): Promise<void>;
  getCustomer(customerId: string): Promise<CustomerRecord | null>;
  listCustomersOfSalesperson(salespersonId: string): Promise<CustomerRecord[]>;
  saveCustomerPrice(price: CustomerPriceRecord): Promise<void>;
  getCustomerPrices(
    customerId: string,
    skuIds: readonly string[],
  ): Promise<CustomerPriceRecord[]>;
  saveReceivable(receivable: ReceivableRecord): Promise<void>;
  /** Unpaid receivables of a customer; overdue ones are due before `now`. */
  getCreditExposure(customerId: string, now: number): Promise<CreditExposure>;

  // Orders
  /**
   * Places an order atomically: if `placedBy` already used the request id,
   * returns that order (same hash) or throws IDEMPOTENCY_CONFLICT; else
   * reserves every line or none (throws INSUFFICIENT_STOCK with
   * StockShortage[] details), numbers the order, and writes it with its
   * reservations and first audit event.
   */
  placeOrder(draft: OrderDraft): Promise<PlaceResult>;
  /**
   * Moves an order between statuses if it is in `from`, else throws
   * ORDER_STATE_CONFLICT with the current status; releases reservations in
   * the same step when asked.
   */
  transitionOrder(transition: OrderTransition): Promise<OrderRecord>;
  getOrder(orderId: string): Promise<OrderRecord | null>;
  /** The order `placedBy` placed with this idempotency key, if any. */
  findOrderByRequest(placedBy: string, requestId: string): Promise<OrderRecord | null>;
  getReservations(orderId: string): Promise<ReservationRecord[]>;
  /** Pages orders newest first by (createdAt, orderId). */
  listOrders(
    filter: OrderFilter,
    page: { after?: OrderCursor; limit: number },
  ): Promise<OrderRecord[]>;
  getAuditTrail(
    entityType: AuditEventRecord["entityType"],
    entityId: string,
  ): Promise<AuditEventRecord[]>;
  /**
   * Writes finished historical orders (no reservations, no stock change);
   * an order whose id already exists is skipped. Returns how many were new.
   */
  importOrders(orders: readonly OrderRecord[]): Promise<number>;

  close(): Promise<void>;
}
