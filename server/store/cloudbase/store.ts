/**
 * The CloudBase adapter of the Store port. Each method delegates to the
 * module of its concept. docs/cloudbase-adapter.md lists the collections
 * and the indexes they need, and explains why each atomic step is safe.
 */

import type { TierRates } from "../../../shared/pricing";
import type {
  FirstManagerClaim,
  InvitationRedemption,
  OrderChange,
  OrderCursor,
  OrderDraft,
  OrderFilter,
  OrderTransition,
  PlaceResult,
  ReservationRecord,
  StockReceipt,
  Store,
} from "../port";
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
  SkuRecord,
  StockRecord,
  UserRecord,
  ReceivableRecord,
} from "../records";
import * as catalog from "./catalog";
import { StoreContext, type RetryPolicy } from "./context";
import * as credit from "./credit";
import * as identity from "./identity";
import * as notifications from "./notifications";
import { applyOrderChange } from "./order-change";
import * as orderQueries from "./order-queries";
import * as parties from "./parties";
import { placeOrder } from "./place-order";
import type { CloudBaseApp, CloudBaseDatabase } from "./sdk";
import { DEFAULT_RETRY_POLICY } from "./transaction";
import { transitionOrder } from "./transition-order";
import * as userQueries from "./user-queries";

export class CloudBaseStore implements Store {
  private readonly context: StoreContext;

  constructor(
    database: CloudBaseDatabase,
    options: { collectionPrefix?: string; retry?: RetryPolicy } = {},
  ) {
    this.context = new StoreContext(
      database,
      options.collectionPrefix ?? "",
      options.retry ?? DEFAULT_RETRY_POLICY,
    );
  }

  getUser(userId: string): Promise<UserRecord | null> {
    return parties.getUser(this.context, userId);
  }

  getUserByOpenid(openid: string): Promise<UserRecord | null> {
    return parties.getUserByOpenid(this.context, openid);
  }

  listUsers(): Promise<UserRecord[]> {
    return parties.listUsers(this.context);
  }

  saveUser(user: UserRecord): Promise<void> {
    return parties.saveUser(this.context, user);
  }

  claimFirstManager(claim: FirstManagerClaim): Promise<UserRecord> {
    return identity.claimFirstManager(this.context, claim);
  }

  saveInvitation(invitation: InvitationRecord, event: AuditEventRecord): Promise<void> {
    return identity.saveInvitation(this.context, invitation, event);
  }

  getInvitation(invitationId: string): Promise<InvitationRecord | null> {
    return identity.getInvitation(this.context, invitationId);
  }

  redeemInvitation(redemption: InvitationRedemption): Promise<UserRecord> {
    return identity.redeemInvitation(this.context, redemption);
  }

  getTierRates(): Promise<TierRates> {
    return parties.getTierRates(this.context);
  }

  saveTierRates(rates: TierRates): Promise<void> {
    return parties.saveTierRates(this.context, rates);
  }

  saveProduct(product: ProductRecord): Promise<void> {
    return catalog.saveProduct(this.context, product);
  }

  getProduct(productId: string): Promise<ProductRecord | null> {
    return catalog.getProduct(this.context, productId);
  }

  saveSku(sku: SkuRecord): Promise<void> {
    return catalog.saveSku(this.context, sku);
  }

  getSkus(skuIds: readonly string[]): Promise<SkuRecord[]> {
    return catalog.getSkus(this.context, skuIds);
  }

  listSkus(query: {
    category?: string;
    search?: string;
    afterSkuId?: string;
    limit: number;
  }): Promise<SkuRecord[]> {
    return catalog.listSkus(this.context, query);
  }

  findSkuByBarcode(
    barcode: string,
  ): Promise<{ sku: SkuRecord; unit: string } | null> {
    return catalog.findSkuByBarcode(this.context, barcode);
  }

  getStock(skuIds: readonly string[]): Promise<StockRecord[]> {
    return catalog.getStock(this.context, skuIds);
  }

  receiveStock(receipt: StockReceipt): Promise<StockRecord> {
    return catalog.receiveStock(this.context, receipt);
  }

  saveCustomer(customer: CustomerRecord): Promise<void> {
    return parties.saveCustomer(this.context, customer);
  }

  getCustomer(customerId: string): Promise<CustomerRecord | null> {
    return parties.getCustomer(this.context, customerId);
  }

  listCustomers(query: {
    search?: string;
    salespersonId?: string;
    afterCustomerId?: string;
    limit: number;
  }): Promise<CustomerRecord[]> {
    return parties.listCustomers(this.context, query);
  }

  listCustomersOfSalesperson(salespersonId: string): Promise<CustomerRecord[]> {
    return parties.listCustomersOfSalesperson(this.context, salespersonId);
  }

  saveCustomerPrice(price: CustomerPriceRecord): Promise<void> {
    return parties.saveCustomerPrice(this.context, price);
  }

  getCustomerPrices(
    customerId: string,
    skuIds: readonly string[],
  ): Promise<CustomerPriceRecord[]> {
    return parties.getCustomerPrices(this.context, customerId, skuIds);
  }

  saveReceivable(receivable: ReceivableRecord): Promise<void> {
    return credit.saveReceivable(this.context, receivable);
  }

  getCreditExposure(customerId: string, now: number): Promise<CreditExposure> {
    return credit.getCreditExposure(this.context, customerId, now);
  }

  placeOrder(draft: OrderDraft): Promise<PlaceResult> {
    return placeOrder(this.context, draft);
  }

  transitionOrder(transition: OrderTransition): Promise<OrderRecord> {
    return transitionOrder(this.context, transition);
  }

  getOrder(orderId: string): Promise<OrderRecord | null> {
    return orderQueries.getOrder(this.context, orderId);
  }

  findOrderByRequest(
    placedBy: string,
    requestId: string,
  ): Promise<OrderRecord | null> {
    return orderQueries.findOrderByRequest(this.context, placedBy, requestId);
  }

  getReservations(orderId: string): Promise<ReservationRecord[]> {
    return orderQueries.getReservations(this.context, orderId);
  }

  listOrders(
    filter: OrderFilter,
    page: { after?: OrderCursor; limit: number },
  ): Promise<OrderRecord[]> {
    return orderQueries.listOrders(this.context, filter, page);
  }

  getAuditTrail(
    entityType: AuditEventRecord["entityType"],
    entityId: string,
  ): Promise<AuditEventRecord[]> {
    return orderQueries.getAuditTrail(this.context, entityType, entityId);
  }

  importOrders(orders: readonly OrderRecord[]): Promise<number> {
    return orderQueries.importOrders(this.context, orders);
  }

  applyOrderChange(change: OrderChange): Promise<OrderRecord> {
    return applyOrderChange(this.context, change);
  }

  listUsersOfCustomer(customerId: string): Promise<UserRecord[]> {
    return userQueries.listUsersOfCustomer(this.context, customerId);
  }

  listUsersByRole(role: UserRecord["role"]): Promise<UserRecord[]> {
    return userQueries.listUsersByRole(this.context, role);
  }

  saveNotifications(
    outbox: readonly OutboxRecord[],
    inbox: readonly InboxRecord[],
  ): Promise<void> {
    return notifications.saveNotifications(this.context, outbox, inbox);
  }

  listDueMessages(now: number, limit: number): Promise<OutboxRecord[]> {
    return notifications.listDueMessages(this.context, now, limit);
  }

  claimMessage(message: OutboxRecord, claimedUntil: number): Promise<boolean> {
    return notifications.claimMessage(this.context, message, claimedUntil);
  }

  updateMessage(message: OutboxRecord, claimed: OutboxRecord): Promise<boolean> {
    return notifications.updateMessage(this.context, message, claimed);
  }

  listInbox(
    userId: string,
    page: { beforeAt?: number; beforeId?: string; limit: number },
  ): Promise<InboxRecord[]> {
    return notifications.listInbox(this.context, userId, page);
  }

  addInbox(message: InboxRecord): Promise<void> {
    return notifications.addInbox(this.context, message);
  }

  addSubscriptions(
    userId: string,
    template: string,
    count: number,
  ): Promise<number> {
    return notifications.addSubscriptions(this.context, userId, template, count);
  }

  consumeSubscription(userId: string, template: string): Promise<boolean> {
    return notifications.consumeSubscription(this.context, userId, template);
  }

  countSubscriptions(userId: string, template: string): Promise<number> {
    return notifications.countSubscriptions(this.context, userId, template);
  }

  getAlert(alertId: string): Promise<AlertRecord | null> {
    return notifications.getAlert(this.context, alertId);
  }

  saveAlert(
    alert: AlertRecord,
    outbox: readonly OutboxRecord[],
    inbox: readonly InboxRecord[],
  ): Promise<void> {
    return notifications.saveAlert(this.context, alert, outbox, inbox);
  }

  listActiveAlerts(): Promise<AlertRecord[]> {
    return notifications.listActiveAlerts(this.context);
  }

  /** Does nothing, because the SDK keeps no resources the store must release. */
  async close(): Promise<void> {}
}

export interface CloudBaseStoreOptions {
  /** An app from `tcb.init(...)`, or its `database()`. */
  app?: CloudBaseApp;
  database?: CloudBaseDatabase;
  /** Prepended to every collection name, e.g. "staging_". */
  collectionPrefix?: string;
  retry?: RetryPolicy;
}

/**
 * Creates the store. In a cloud function:
 * `createCloudBaseStore({app: tcb.init({env: tcb.SYMBOL_CURRENT_ENV})})`.
 */
export function createCloudBaseStore(
  options: CloudBaseStoreOptions,
): CloudBaseStore {
  const database = options.database ?? options.app?.database();
  if (database === undefined) {
    throw new Error("createCloudBaseStore needs an app or a database");
  }
  return new CloudBaseStore(database, {
    collectionPrefix: options.collectionPrefix,
    retry: options.retry,
  });
}
