import Database from "better-sqlite3";

import { AppError } from "../../../shared/errors";
import { DEFAULT_TIER_RATES, type TierRates } from "../../../shared/pricing";
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
  ReceivableRecord,
  SkuRecord,
  StockRecord,
  UserRecord,
} from "../records";
import * as notifications from "./notifications";
import { applyOrderChange, insertEvent, insertOrderLines, upsertReceivable } from "./order-change";
import * as identity from "./identity";
import { installReportRollups } from "./report-rollups";
import { insertReservations, reserveStock } from "./reservations";
import { NOTIFICATION_SCHEMA_SQL, SCHEMA_SQL } from "./schema";

type Row = Record<string, unknown>;

/** Orders placed but not yet delivered count against the customer's credit. */
const OPEN_STATUSES_SQL = "'pending_review', 'approved', 'picked', 'partially_shipped', 'shipped'";

function parseData<T>(row: Row | undefined): T | null {
  return row ? (JSON.parse(String(row.data)) as T) : null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

function skuSearchText(sku: SkuRecord): string {
  const barcodes = sku.units.map((unit) => unit.barcode ?? "");
  return [sku.skuId, sku.name, sku.pinyinInitials ?? "", ...barcodes]
    .join(" ")
    .toLowerCase();
}

/**
 * The embedded store on better-sqlite3. Each use case is one transaction,
 * and anything that reserves or moves stock runs under BEGIN IMMEDIATE so
 * two processes sharing the file serialize on the write lock.
 */
export class SqliteStore implements Store {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(filename: string) {
    this.db = new Database(filename);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    this.db.exec(SCHEMA_SQL);
    this.db.exec(NOTIFICATION_SCHEMA_SQL);
    installReportRollups(this.db);
    this.db.exec(identity.IDENTITY_SCHEMA_SQL);
  }

  /** Prepares each distinct SQL text once; better-sqlite3 statements are reusable. */
  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private get<T>(sql: string, ...params: unknown[]): T | null {
    return parseData<T>(this.stmt(sql).get(...params) as Row | undefined);
  }

  private all<T>(sql: string, ...params: unknown[]): T[] {
    const rows = this.stmt(sql).all(...params) as Row[];
    return rows.map((row) => JSON.parse(String(row.data)) as T);
  }

  private placeholders(count: number): string {
    return new Array(count).fill("?").join(", ");
  }

  // Identity

  async getUser(userId: string): Promise<UserRecord | null> {
    return this.get("SELECT data FROM users WHERE user_id = ?", userId);
  }

  async getUserByOpenid(openid: string): Promise<UserRecord | null> {
    return this.get("SELECT data FROM users WHERE openid = ?", openid);
  }

  async listUsers(): Promise<UserRecord[]> {
    return this.all("SELECT data FROM users ORDER BY user_id");
  }

  async saveUser(user: UserRecord): Promise<void> {
    this.stmt(
        `INSERT INTO users (user_id, openid, data) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET openid = excluded.openid, data = excluded.data`,
      )
      .run(user.userId, user.openid ?? null, JSON.stringify(user));
  }

  async claimFirstManager(claim: FirstManagerClaim): Promise<UserRecord> {
    return identity.claimFirstManager(this.db, claim);
  }

  async saveInvitation(invitation: InvitationRecord, event: AuditEventRecord): Promise<void> {
    identity.saveInvitation(this.db, invitation, event);
  }

  async getInvitation(invitationId: string): Promise<InvitationRecord | null> {
    return identity.getInvitation(this.db, invitationId);
  }

  async redeemInvitation(redemption: InvitationRedemption): Promise<UserRecord> {
    return identity.redeemInvitation(this.db, redemption);
  }

  // Settings

  async getTierRates(): Promise<TierRates> {
    const row = this.stmt("SELECT value FROM settings WHERE key = 'tierRates'")
      .get() as Row | undefined;
    return row ? (JSON.parse(String(row.value)) as TierRates) : DEFAULT_TIER_RATES;
  }

  async saveTierRates(rates: TierRates): Promise<void> {
    this.stmt(
        `INSERT INTO settings (key, value) VALUES ('tierRates', ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      )
      .run(JSON.stringify(rates));
  }

  // Catalog

  async saveProduct(product: ProductRecord): Promise<void> {
    this.stmt(
        `INSERT INTO products (product_id, data) VALUES (?, ?)
         ON CONFLICT (product_id) DO UPDATE SET data = excluded.data`,
      )
      .run(product.productId, JSON.stringify(product));
  }

  async getProduct(productId: string): Promise<ProductRecord | null> {
    return this.get("SELECT data FROM products WHERE product_id = ?", productId);
  }

  async saveSku(sku: SkuRecord): Promise<void> {
    const save = this.db.transaction(() => {
      this.stmt(
          `INSERT INTO skus (sku_id, product_id, category, search_text, data)
           VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (sku_id) DO UPDATE SET product_id = excluded.product_id,
             category = excluded.category, search_text = excluded.search_text,
             data = excluded.data`,
        )
        .run(sku.skuId, sku.productId, sku.category, skuSearchText(sku), JSON.stringify(sku));
      this.stmt("DELETE FROM sku_barcodes WHERE sku_id = ?").run(sku.skuId);
      const insertBarcode = this.stmt(
        "INSERT INTO sku_barcodes (barcode, sku_id, unit) VALUES (?, ?, ?)",
      );
      for (const unit of sku.units) {
        if (unit.barcode) insertBarcode.run(unit.barcode, sku.skuId, unit.unit);
      }
      this.stmt(
          "INSERT INTO stock (sku_id, on_hand, reserved) VALUES (?, 0, 0) ON CONFLICT DO NOTHING",
        )
        .run(sku.skuId);
    });
    save.immediate();
  }

  async getSkus(skuIds: readonly string[]): Promise<SkuRecord[]> {
    if (skuIds.length === 0) return [];
    return this.all(
      `SELECT data FROM skus WHERE sku_id IN (${this.placeholders(skuIds.length)})`,
      ...skuIds,
    );
  }

  async listSkus(query: {
    category?: string;
    search?: string;
    afterSkuId?: string;
    limit: number;
  }): Promise<SkuRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.category) {
      where.push("category = ?");
      params.push(query.category);
    }
    if (query.search) {
      where.push("search_text LIKE ? ESCAPE '\\'");
      params.push(`%${escapeLike(query.search.toLowerCase())}%`);
    }
    if (query.afterSkuId) {
      where.push("sku_id > ?");
      params.push(query.afterSkuId);
    }
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return this.all(
      `SELECT data FROM skus ${clause} ORDER BY sku_id LIMIT ?`,
      ...params,
      query.limit,
    );
  }

  async findSkuByBarcode(
    barcode: string,
  ): Promise<{ sku: SkuRecord; unit: string } | null> {
    const row = this.stmt(
        `SELECT s.data AS data, b.unit AS unit FROM sku_barcodes b
         JOIN skus s ON s.sku_id = b.sku_id WHERE b.barcode = ?`,
      )
      .get(barcode) as Row | undefined;
    if (!row) return null;
    return { sku: JSON.parse(String(row.data)) as SkuRecord, unit: String(row.unit) };
  }

  // Stock

  async getStock(skuIds: readonly string[]): Promise<StockRecord[]> {
    if (skuIds.length === 0) return [];
    const rows = this.stmt(
        `SELECT sku_id, on_hand, reserved FROM stock
         WHERE sku_id IN (${this.placeholders(skuIds.length)})`,
      )
      .all(...skuIds) as Row[];
    return rows.map((row) => ({
      skuId: String(row.sku_id),
      onHand: Number(row.on_hand),
      reserved: Number(row.reserved),
    }));
  }

  async receiveStock(receipt: StockReceipt): Promise<StockRecord> {
    const receive = this.db.transaction(() => {
      const changed = this.stmt("UPDATE stock SET on_hand = on_hand + ? WHERE sku_id = ?")
        .run(receipt.baseQuantity, receipt.skuId);
      if (changed.changes !== 1) {
        throw new AppError("NOT_FOUND", `SKU ${receipt.skuId} not found`);
      }
      this.insertEvent(receipt.event);
      const row = this.stmt("SELECT on_hand, reserved FROM stock WHERE sku_id = ?")
        .get(receipt.skuId) as Row;
      return {
        skuId: receipt.skuId,
        onHand: Number(row.on_hand),
        reserved: Number(row.reserved),
      };
    });
    return receive.immediate();
  }

  // Customers

  /** Writes the customer. It keeps the stored statementSharesRevokedBefore and ignores the record's. */
  async saveCustomer(customer: CustomerRecord): Promise<void> {
    const { statementSharesRevokedBefore: _ignored, ...fields } = customer;
    this.stmt(
        `INSERT INTO customers (customer_id, salesperson_id, data) VALUES (?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET
           salesperson_id = excluded.salesperson_id,
           data = CASE
             WHEN json_type(customers.data, '$.statementSharesRevokedBefore') IS NULL THEN excluded.data
             ELSE json_set(excluded.data, '$.statementSharesRevokedBefore',
               json_extract(customers.data, '$.statementSharesRevokedBefore'))
           END`,
      )
      .run(customer.customerId, customer.salespersonId ?? null, JSON.stringify(fields));
  }

  async getCustomer(customerId: string): Promise<CustomerRecord | null> {
    return this.get("SELECT data FROM customers WHERE customer_id = ?", customerId);
  }

  async listCustomersOfSalesperson(salespersonId: string): Promise<CustomerRecord[]> {
    return this.all(
      "SELECT data FROM customers WHERE salesperson_id = ? ORDER BY customer_id",
      salespersonId,
    );
  }

  async listCustomers(query: {
    search?: string;
    salespersonId?: string;
    afterCustomerId?: string;
    limit: number;
  }): Promise<CustomerRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.search) {
      where.push("(lower(customer_id) LIKE ? ESCAPE '\\' OR lower(json_extract(data, '$.name')) LIKE ? ESCAPE '\\')");
      const pattern = `%${escapeLike(query.search.toLowerCase())}%`;
      params.push(pattern, pattern);
    }
    if (query.salespersonId) {
      where.push("salesperson_id = ?");
      params.push(query.salespersonId);
    }
    if (query.afterCustomerId) {
      where.push("customer_id > ?");
      params.push(query.afterCustomerId);
    }
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return this.all(
      `SELECT data FROM customers ${clause} ORDER BY customer_id LIMIT ?`,
      ...params,
      query.limit,
    );
  }

  async saveCustomerPrice(price: CustomerPriceRecord): Promise<void> {
    this.stmt(
        `INSERT INTO customer_prices (customer_id, sku_id, unit, price_fen)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (customer_id, sku_id, unit) DO UPDATE SET price_fen = excluded.price_fen`,
      )
      .run(price.customerId, price.skuId, price.unit, price.priceFen);
  }

  async getCustomerPrices(
    customerId: string,
    skuIds: readonly string[],
  ): Promise<CustomerPriceRecord[]> {
    if (skuIds.length === 0) return [];
    const rows = this.stmt(
        `SELECT sku_id, unit, price_fen FROM customer_prices
         WHERE customer_id = ? AND sku_id IN (${this.placeholders(skuIds.length)})`,
      )
      .all(customerId, ...skuIds) as Row[];
    return rows.map((row) => ({
      customerId,
      skuId: String(row.sku_id),
      unit: String(row.unit),
      priceFen: Number(row.price_fen),
    }));
  }

  async saveReceivable(receivable: ReceivableRecord): Promise<void> {
    upsertReceivable(this.db, receivable);
  }


  async getCreditExposure(customerId: string, now: number): Promise<CreditExposure> {
    return this.exposureOf(customerId, now);
  }

  /** Debt and open orders of a customer; open orders exclude what already became receivables. */
  private exposureOf(customerId: string, now: number, withOpenOrders = true): CreditExposure {
    const open = !withOpenOrders
      ? { open_fen: 0 }
      : (this.stmt(
        `SELECT COALESCE(SUM(o.total_fen), 0) - COALESCE((
           SELECT SUM(r.amount_fen) FROM receivables r
           JOIN orders o2 ON o2.order_id = r.order_id
           WHERE o2.customer_id = ? AND o2.status IN (${OPEN_STATUSES_SQL})
         ), 0) AS open_fen
         FROM orders o WHERE o.customer_id = ? AND o.status IN (${OPEN_STATUSES_SQL})`,
      )
      .get(customerId, customerId) as Row);
    const row = this.stmt(
        `SELECT
           COALESCE(SUM(amount_fen - paid_fen), 0) AS outstanding,
           COALESCE(SUM(CASE WHEN due_at < ? THEN amount_fen - paid_fen ELSE 0 END), 0)
             AS overdue
         FROM receivables WHERE customer_id = ? AND amount_fen > paid_fen`,
      )
      .get(now, customerId) as Row;
    return {
      outstandingFen: Number(row.outstanding),
      overdueFen: Number(row.overdue),
      ...(withOpenOrders ? { openOrdersFen: Number(open.open_fen) } : {}),
    };
  }

  // Orders

  async placeOrder(draft: OrderDraft): Promise<PlaceResult> {
    const place = this.db.transaction((): PlaceResult => {
      const existing = this.findByRequest(draft.order.placedBy, draft.order.requestId);
      if (existing) return this.replay(existing, draft.order.requestHash);

      const flags = draft.creditCheck
        ? draft.creditCheck(
            this.exposureOf(
              draft.order.customerId,
              draft.order.createdAt,
              draft.creditCheckNeedsOpenOrders ?? true,
            ),
          )
        : draft.order.flags;
      reserveStock(this.db, draft.reservations);
      const orderNo = this.nextOrderNo(draft.orderDate);
      const order: OrderRecord = { ...draft.order, flags, orderNo };
      this.insertOrder(order);
      insertReservations(this.db, order.orderId, draft.reservations);
      this.insertEvent(draft.event);
      return { order, isReplay: false };
    });
    return place.immediate();
  }

  async findOrderByRequest(placedBy: string, requestId: string): Promise<OrderRecord | null> {
    return this.findByRequest(placedBy, requestId);
  }

  private findByRequest(placedBy: string, requestId: string): OrderRecord | null {
    return this.get(
      "SELECT data FROM orders WHERE placed_by = ? AND request_id = ?",
      placedBy,
      requestId,
    );
  }

  private replay(existing: OrderRecord, requestHash: string): PlaceResult {
    if (existing.requestHash !== requestHash) {
      throw new AppError(
        "IDEMPOTENCY_CONFLICT",
        `request id ${existing.requestId} was already used for a different order`,
        { orderId: existing.orderId },
      );
    }
    return { order: existing, isReplay: true };
  }

  private nextOrderNo(orderDate: string): string {
    const day = orderDate.replace(/-/g, "");
    const row = this.stmt(
        `INSERT INTO counters (name, value) VALUES (?, 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
      )
      .get(`orderNo:${day}`) as Row;
    return `SO${day}-${String(row.value).padStart(4, "0")}`;
  }

  private insertOrder(order: OrderRecord): void {
    this.stmt(
        `INSERT INTO orders (order_id, order_no, customer_id, status, placed_by,
           request_id, request_hash, total_fen, created_at, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        order.orderId,
        order.orderNo,
        order.customerId,
        order.status,
        order.placedBy,
        order.requestId,
        order.requestHash,
        order.totalFen,
        order.createdAt,
        JSON.stringify(order),
      );
    insertOrderLines(this.db, order);
  }

  private insertEvent(event: AuditEventRecord): void {
    insertEvent(this.db, event);
  }


  async transitionOrder(transition: OrderTransition): Promise<OrderRecord> {
    const apply = this.db.transaction((): OrderRecord => {
      const order = this.get<OrderRecord>(
        "SELECT data FROM orders WHERE order_id = ?",
        transition.orderId,
      );
      if (!order) throw new AppError("NOT_FOUND", `order ${transition.orderId} not found`);
      if (!transition.from.includes(order.status)) {
        throw new AppError(
          "ORDER_STATE_CONFLICT",
          `order ${order.orderNo} is ${order.status}`,
          { status: order.status },
        );
      }
      const updated: OrderRecord = {
        ...order,
        status: transition.to,
        updatedAt: transition.event.at,
        version: (order.version ?? 0) + 1,
        ...(transition.to === "approved" ? { approvedAt: transition.event.at } : {}),
      };
      this.stmt("UPDATE orders SET status = ?, data = ? WHERE order_id = ?")
        .run(updated.status, JSON.stringify(updated), updated.orderId);
      if (transition.releaseReservations) this.releaseReservations(order.orderId);
      this.insertEvent(transition.event);
      return updated;
    });
    return apply.immediate();
  }

  private releaseReservations(orderId: string): void {
    const active = this.stmt(
        "SELECT sku_id, base_quantity FROM reservations WHERE order_id = ? AND state = 'active'",
      )
      .all(orderId) as Row[];
    const release = this.stmt(
      "UPDATE stock SET reserved = reserved - ? WHERE sku_id = ?",
    );
    for (const row of active) release.run(Number(row.base_quantity), String(row.sku_id));
    this.stmt(
        "UPDATE reservations SET state = 'released' WHERE order_id = ? AND state = 'active'",
      )
      .run(orderId);
  }

  async getOrder(orderId: string): Promise<OrderRecord | null> {
    return this.get("SELECT data FROM orders WHERE order_id = ?", orderId);
  }

  async getReservations(orderId: string): Promise<ReservationRecord[]> {
    const rows = this.stmt(
        `SELECT order_id, line_no, sku_id, base_quantity, state FROM reservations
         WHERE order_id = ? ORDER BY line_no`,
      )
      .all(orderId) as Row[];
    return rows.map((row) => ({
      orderId: String(row.order_id),
      lineNo: Number(row.line_no),
      skuId: String(row.sku_id),
      baseQuantity: Number(row.base_quantity),
      state: row.state as ReservationRecord["state"],
    }));
  }

  async listOrders(
    filter: OrderFilter,
    page: { after?: OrderCursor; limit: number },
  ): Promise<OrderRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.customerIds) {
      if (filter.customerIds.length === 0) return [];
      where.push(`customer_id IN (${this.placeholders(filter.customerIds.length)})`);
      params.push(...filter.customerIds);
    }
    if (filter.status) {
      where.push("status = ?");
      params.push(filter.status);
    }
    if (filter.statuses) {
      if (filter.statuses.length === 0) return [];
      where.push(`status IN (${this.placeholders(filter.statuses.length)})`);
      params.push(...filter.statuses);
    }
    if (filter.orderNo) {
      where.push("order_no = ?");
      params.push(filter.orderNo);
    }
    if (filter.createdFrom !== undefined) {
      where.push("created_at >= ?");
      params.push(filter.createdFrom);
    }
    if (filter.createdBefore !== undefined) {
      where.push("created_at < ?");
      params.push(filter.createdBefore);
    }
    if (page.after) {
      where.push("(created_at < ? OR (created_at = ? AND order_id < ?))");
      params.push(page.after.createdAt, page.after.createdAt, page.after.orderId);
    }
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return this.all(
      `SELECT data FROM orders ${clause}
       ORDER BY created_at DESC, order_id DESC LIMIT ?`,
      ...params,
      page.limit,
    );
  }

  async getAuditTrail(
    entityType: AuditEventRecord["entityType"],
    entityId: string,
  ): Promise<AuditEventRecord[]> {
    const rows = this.stmt(
        `SELECT * FROM audit_events WHERE entity_type = ? AND entity_id = ?
         ORDER BY at, rowid`,
      )
      .all(entityType, entityId) as Row[];
    return rows.map((row) => ({
      eventId: String(row.event_id),
      entityType: row.entity_type as AuditEventRecord["entityType"],
      entityId: String(row.entity_id),
      action: String(row.action),
      actorId: String(row.actor_id),
      actorRole: row.actor_role as AuditEventRecord["actorRole"],
      at: Number(row.at),
      ...(row.data === null
        ? {}
        : { data: JSON.parse(String(row.data)) as Record<string, unknown> }),
    }));
  }

  async importOrders(orders: readonly OrderRecord[]): Promise<number> {
    const importAll = this.db.transaction((): number => {
      const exists = this.stmt("SELECT 1 FROM orders WHERE order_id = ?");
      let inserted = 0;
      for (const order of orders) {
        if (exists.get(order.orderId)) continue;
        this.insertOrder(order);
        inserted += 1;
      }
      return inserted;
    });
    return importAll.immediate();
  }

  async applyOrderChange(change: OrderChange): Promise<OrderRecord> {
    return this.db
      .transaction(() =>
        applyOrderChange(this.db, change, (customerId, at) => this.exposureOf(customerId, at)),
      )
      .immediate();
  }

  async listUsersOfCustomer(customerId: string): Promise<UserRecord[]> {
    return this.all(
      "SELECT data FROM users WHERE json_extract(data, '$.customerId') = ? ORDER BY user_id",
      customerId,
    );
  }

  async listUsersByRole(role: UserRecord["role"]): Promise<UserRecord[]> {
    return this.all(
      "SELECT data FROM users WHERE json_extract(data, '$.role') = ? ORDER BY user_id",
      role,
    );
  }

  // Notifications

  async saveNotifications(
    outbox: readonly OutboxRecord[],
    inbox: readonly InboxRecord[],
  ): Promise<void> {
    this.db
      .transaction(() => {
        for (const message of outbox) notifications.insertOutbox(this.db, message);
        for (const message of inbox) notifications.insertInbox(this.db, message);
      })
      .immediate();
  }

  async listDueMessages(now: number, limit: number): Promise<OutboxRecord[]> {
    return notifications.listDueMessages(this.db, now, limit);
  }

  async claimMessage(message: OutboxRecord, claimedUntil: number): Promise<boolean> {
    return notifications.claimMessage(this.db, message, claimedUntil);
  }

  async updateMessage(message: OutboxRecord, claimed: OutboxRecord): Promise<boolean> {
    return notifications.updateMessage(this.db, message, claimed);
  }

  async listInbox(
    userId: string,
    page: { beforeAt?: number; beforeId?: string; limit: number },
  ): Promise<InboxRecord[]> {
    return notifications.listInbox(this.db, userId, page);
  }

  async addInbox(message: InboxRecord): Promise<void> {
    notifications.insertInbox(this.db, message);
  }

  async addSubscriptions(userId: string, template: string, count: number): Promise<number> {
    return notifications.addSubscriptions(this.db, userId, template, count);
  }

  async consumeSubscription(userId: string, template: string): Promise<boolean> {
    return notifications.consumeSubscription(this.db, userId, template);
  }

  async countSubscriptions(userId: string, template: string): Promise<number> {
    return notifications.countSubscriptions(this.db, userId, template);
  }

  // Alerts

  async getAlert(alertId: string): Promise<AlertRecord | null> {
    return notifications.getAlert(this.db, alertId);
  }

  async saveAlert(
    alert: AlertRecord,
    outbox: readonly OutboxRecord[],
    inbox: readonly InboxRecord[],
  ): Promise<void> {
    this.db
      .transaction(() => {
        notifications.saveAlert(this.db, alert);
        for (const message of outbox) notifications.insertOutbox(this.db, message);
        for (const message of inbox) notifications.insertInbox(this.db, message);
      })
      .immediate();
  }

  async listActiveAlerts(): Promise<AlertRecord[]> {
    return notifications.listActiveAlerts(this.db);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
