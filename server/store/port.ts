/**
 * The Store port: everything the services need from a database, in the
 * domain's words. Each method is one atomic use case; adapters (SQLite,
 * CloudBase) implement it and pass the same contract suite.
 */

import type { OrderStatus } from "../../shared/order-status";
import type { OrderFlag } from "../../shared/schemas/order";
import type { TierRates } from "../../shared/pricing";
import type {
  AlertRecord,
  AuditEventRecord,
  InboxRecord,
  InvitationRecord,
  OutboxRecord,
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
  /**
   * The credit rule, run inside the placement's atomic step with the
   * customer's exposure at that moment (including open orders), so two
   * concurrent orders cannot both pass a limit they cross together. It
   * returns the order's flags or throws CREDIT_BLOCKED.
   */
  creditCheck?: (exposure: CreditExposure) => OrderFlag[];
  /**
   * False when the rule ignores open orders (a customer without a credit
   * limit), so the store may skip summing them; true when absent.
   */
  creditCheckNeedsOpenOrders?: boolean;
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
  /** Only orders in one of these statuses; an empty list matches none. */
  statuses?: readonly OrderStatus[];
  /** Only the order with this number. */
  orderNo?: string;
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

/** A change of on-hand and reserved stock of one SKU, in base units. */
export interface StockMove {
  skuId: string;
  onHandDelta: number;
  reservedDelta: number;
}

/** A change of the base quantity still reserved for one order line. */
export interface ReservationChange {
  lineNo: number;
  baseDelta: number;
  /** State of a reservation brought to zero: "consumed" (shipped, the default) or "released". */
  endState?: "consumed" | "released";
}

/**
 * One atomic change of an order computed by a service from a snapshot: it
 * applies only if the order is still at `expectedVersion`. Stock moves may
 * not take on-hand or reserved below zero or reserved above on-hand.
 */
export interface OrderChange {
  orderId: string;
  expectedVersion: number;
  /** The whole new order; the store sets its version to expected + 1. */
  next: OrderRecord;
  stockMoves?: StockMove[];
  reservationChanges?: ReservationChange[];
  /**
   * Reservations of lines the change adds to the order. After applying
   * `stockMoves`, the store reserves each one's base quantity from its
   * SKU's free stock. When the SKU cannot cover the sum of its added lines,
   * it throws INSUFFICIENT_STOCK with a StockShortage per short line, whose
   * `availableBase` is the free stock left after `stockMoves`. A line number
   * that already has a reservation on the order, in any state, throws
   * ORDER_STATE_CONFLICT.
   */
  addedReservations?: ReservationRequest[];
  /**
   * Credit rule run inside the change's transaction, against the
   * customer's exposure at `next.updatedAt` before the change (this
   * order's current open amount included). It returns the changed order's
   * flags, which replace `next.flags`, or throws CREDIT_BLOCKED. Two
   * changes that together cross the limit therefore cannot both pass.
   */
  creditCheck?: (exposure: CreditExposure) => OrderFlag[];
  events: AuditEventRecord[];
  outbox?: OutboxRecord[];
  inbox?: InboxRecord[];
  receivables?: ReceivableRecord[];
}

/** The first manager of a new deployment, registered by their openid. */
export interface FirstManagerClaim {
  /** A manager with an openid; `userId` is derived from that openid. */
  user: UserRecord;
  event: AuditEventRecord;
}

/** A caller with an openid and no user record, redeeming an invitation. */
export interface InvitationRedemption {
  invitationId: string;
  /** Id of the new user, derived from the openid. */
  userId: string;
  openid: string;
  /** Redemption instant, epoch ms; the invitation must expire after it. */
  now: number;
  event: AuditEventRecord;
}

export interface Store {
  // Identity
  getUser(userId: string): Promise<UserRecord | null>;
  getUserByOpenid(openid: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  saveUser(user: UserRecord): Promise<void>;
  /**
   * Writes the first manager and a marker that no second claim can pass,
   * atomically. Throws REGISTRATION_CONFLICT with details.reason
   * "manager_exists" when a manager exists or was claimed before, or
   * "already_registered" when the user id or openid is taken.
   */
  claimFirstManager(claim: FirstManagerClaim): Promise<UserRecord>;
  /** Writes a new invitation and its audit event; throws if the id exists. */
  saveInvitation(invitation: InvitationRecord, event: AuditEventRecord): Promise<void>;
  getInvitation(invitationId: string): Promise<InvitationRecord | null>;
  /**
   * Redeems an invitation exactly once, atomically: creates the user with
   * the invitation's role, name and customer, makes them the salesperson
   * of `assignCustomerIds`, marks the invitation redeemed and writes the
   * audit event. Throws NOT_FOUND for an unknown invitation or customer,
   * or REGISTRATION_CONFLICT with details.reason "invitation_redeemed",
   * "invitation_expired" or "already_registered". On a throw nothing is
   * written.
   */
  redeemInvitation(redemption: InvitationRedemption): Promise<UserRecord>;

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
  /** Pages customers by id; `search` matches name or id case-insensitively. */
  listCustomers(query: {
    search?: string;
    salespersonId?: string;
    afterCustomerId?: string;
    limit: number;
  }): Promise<CustomerRecord[]>;
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
   * Places an order atomically. If `placedBy` already used the request id,
   * it returns that order (same hash) or throws IDEMPOTENCY_CONFLICT.
   * Otherwise it reserves every line or none (INSUFFICIENT_STOCK with
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

  /**
   * Applies an order change atomically, or throws ORDER_STATE_CONFLICT
   * with the current status when the order changed since it was read, or
   * INSUFFICIENT_STOCK when a stock move would break the stock rules or an
   * added reservation finds too little free stock. On a throw nothing is
   * written.
   */
  applyOrderChange(change: OrderChange): Promise<OrderRecord>;
  /** Users who act for a customer (its shop logins). */
  listUsersOfCustomer(customerId: string): Promise<UserRecord[]>;
  listUsersByRole(role: UserRecord["role"]): Promise<UserRecord[]>;

  // Notifications
  /** Writes outbox and inbox records outside any order change (alerts). */
  saveNotifications(outbox: readonly OutboxRecord[], inbox: readonly InboxRecord[]): Promise<void>;
  /** Pending messages due at `now`, oldest first. */
  listDueMessages(now: number, limit: number): Promise<OutboxRecord[]>;
  /**
   * Claims a due message for one send attempt: adds 1 to its attempts and
   * moves its nextAttemptAt to `claimedUntil`, if it is still pending with
   * the attempts and nextAttemptAt of `message`. Returns false when
   * another dispatcher has claimed or finished it since `message` was read.
   */
  claimMessage(message: OutboxRecord, claimedUntil: number): Promise<boolean>;
  /**
   * Stores `message` (a send attempt's outcome) if the stored message is
   * still pending with the attempts and nextAttemptAt of `claimed`, the
   * record as claimed or read. Returns false, writing nothing, otherwise.
   */
  updateMessage(message: OutboxRecord, claimed: OutboxRecord): Promise<boolean>;
  listInbox(userId: string, page: { beforeAt?: number; beforeId?: string; limit: number }): Promise<InboxRecord[]>;
  addInbox(message: InboxRecord): Promise<void>;
  /** Adds one-time subscription authorisations of a user for a template. */
  addSubscriptions(userId: string, template: string, count: number): Promise<number>;
  /** Takes one authorisation if any is left; returns whether it did. */
  consumeSubscription(userId: string, template: string): Promise<boolean>;
  countSubscriptions(userId: string, template: string): Promise<number>;

  // Alerts
  getAlert(alertId: string): Promise<AlertRecord | null>;
  /** Saves an alert with the notifications it sends, atomically. */
  saveAlert(alert: AlertRecord, outbox: readonly OutboxRecord[], inbox: readonly InboxRecord[]): Promise<void>;
  listActiveAlerts(): Promise<AlertRecord[]>;

  close(): Promise<void>;
}
