import type Database from "better-sqlite3";

import { AppError } from "../../../shared/errors";
import type {
  CreditUpdate,
  FinanceStore,
  PaymentChange,
  ReceivableUpdate,
  ReturnReceipt,
  StatementShareRevocation,
} from "../../finance/port";
import type { CreditNoteRecord, PaymentRecord, ReturnRecord } from "../../finance/records";
import type { AuditEventRecord, ReceivableRecord, StockRecord } from "../records";
import { insertEvent } from "./order-change";
import { prepared } from "./statements";

type Row = Record<string, unknown>;

const FINANCE_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS payments (
  payment_id TEXT PRIMARY KEY,
  external_ref TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_by_customer ON payments (customer_id, received_at);
CREATE INDEX IF NOT EXISTS payments_by_time ON payments (received_at, payment_id);
CREATE TABLE IF NOT EXISTS credit_balances (
  customer_id TEXT PRIMARY KEY,
  balance_fen INTEGER NOT NULL CHECK (balance_fen >= 0)
);
CREATE TABLE IF NOT EXISTS returns (
  return_id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL,
  status TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS return_lines (
  return_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  line_no INTEGER NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (return_id, order_id, line_no)
);
CREATE INDEX IF NOT EXISTS return_lines_by_order ON return_lines (order_id, line_no);
CREATE TABLE IF NOT EXISTS credit_notes (
  credit_note_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS credit_notes_by_customer ON credit_notes (customer_id, created_at);
CREATE INDEX IF NOT EXISTS receivables_by_created ON receivables (customer_id, created_at);
CREATE INDEX IF NOT EXISTS audit_by_action ON audit_events (action, at);
`;

/** Adds columns that older local databases lack, then the finance tables. */
function migrate(db: Database.Database): void {
  const columns = (db.prepare("PRAGMA table_info(receivables)").all() as Row[]).map((row) => String(row.name));
  if (!columns.includes("created_at")) {
    db.exec("ALTER TABLE receivables ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0");
    db.exec("UPDATE receivables SET created_at = due_at WHERE created_at = 0");
  }
  db.exec(FINANCE_SCHEMA_SQL);
}

function toReceivable(row: Row): ReceivableRecord {
  return {
    receivableId: String(row.receivable_id),
    customerId: String(row.customer_id),
    ...(row.order_id === null ? {} : { orderId: String(row.order_id) }),
    amountFen: Number(row.amount_fen),
    paidFen: Number(row.paid_fen),
    dueAt: Number(row.due_at),
    createdAt: Number(row.created_at),
  };
}

function parseAll<T>(rows: Row[]): T[] {
  return rows.map((row) => JSON.parse(String(row.data)) as T);
}

/** The finance store on the same SQLite file as the rest. */
export class SqliteFinanceStore implements FinanceStore {
  constructor(private readonly db: Database.Database) {
    migrate(db);
  }

  private applyReceivableUpdates(updates: readonly ReceivableUpdate[]): void {
    const update = prepared(this.db, 
      `UPDATE receivables SET paid_fen = ?
       WHERE receivable_id = ? AND paid_fen = ? AND ? BETWEEN 0 AND amount_fen`,
    );
    for (const item of updates) {
      const result = update.run(item.paidFen, item.receivableId, item.expectedPaidFen, item.paidFen);
      if (result.changes !== 1) {
        throw new AppError("ORDER_STATE_CONFLICT", `receivable ${item.receivableId} changed meanwhile; retry`, {
          receivableId: item.receivableId,
        });
      }
    }
  }

  private applyCreditUpdate(credit: CreditUpdate | undefined): void {
    if (!credit) return;
    const current = this.creditOf(credit.customerId);
    if (current !== credit.expectedFen || credit.balanceFen < 0) {
      throw new AppError("ORDER_STATE_CONFLICT", `credit balance of ${credit.customerId} changed meanwhile; retry`, {
        customerId: credit.customerId,
      });
    }
    prepared(this.db, 
        `INSERT INTO credit_balances (customer_id, balance_fen) VALUES (?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET balance_fen = excluded.balance_fen`,
      )
      .run(credit.customerId, credit.balanceFen);
  }

  private creditOf(customerId: string): number {
    const row = prepared(this.db, "SELECT balance_fen FROM credit_balances WHERE customer_id = ?").get(customerId) as
      | Row
      | undefined;
    return row ? Number(row.balance_fen) : 0;
  }

  private writeEvents(events: readonly AuditEventRecord[]): void {
    for (const event of events) insertEvent(this.db, event);
  }

  async recordPayment(change: PaymentChange): Promise<{ payment: PaymentRecord; isReplay: boolean }> {
    return this.db
      .transaction(() => {
        const existing = prepared(this.db, "SELECT data FROM payments WHERE external_ref = ?")
          .get(change.payment.externalRef) as Row | undefined;
        if (existing) return { payment: JSON.parse(String(existing.data)) as PaymentRecord, isReplay: true };

        this.applyReceivableUpdates(change.receivableUpdates);
        this.applyCreditUpdate(change.credit);
        prepared(this.db, 
            "INSERT INTO payments (payment_id, external_ref, customer_id, received_at, data) VALUES (?, ?, ?, ?, ?)",
          )
          .run(
            change.payment.paymentId,
            change.payment.externalRef,
            change.payment.customerId,
            change.payment.receivedAt,
            JSON.stringify(change.payment),
          );
        this.writeEvents(change.events);
        return { payment: change.payment, isReplay: false };
      })
      .immediate();
  }

  async rematchPayment(change: PaymentChange & { expectedVersion: number }): Promise<PaymentRecord> {
    return this.db
      .transaction(() => {
        const current = this.paymentById(change.payment.paymentId);
        if (!current) throw new AppError("NOT_FOUND", `payment ${change.payment.paymentId} not found`);
        if (current.version !== change.expectedVersion) {
          throw new AppError("ORDER_STATE_CONFLICT", "the payment was re-matched meanwhile; reload it", {
            paymentId: current.paymentId,
          });
        }
        this.applyReceivableUpdates(change.receivableUpdates);
        this.applyCreditUpdate(change.credit);
        const next = { ...change.payment, version: change.expectedVersion + 1 };
        prepared(this.db, "UPDATE payments SET data = ? WHERE payment_id = ?").run(JSON.stringify(next), next.paymentId);
        this.writeEvents(change.events);
        return next;
      })
      .immediate();
  }

  private paymentById(paymentId: string): PaymentRecord | null {
    const row = prepared(this.db, "SELECT data FROM payments WHERE payment_id = ?").get(paymentId) as Row | undefined;
    return row ? (JSON.parse(String(row.data)) as PaymentRecord) : null;
  }

  async getPayment(paymentId: string): Promise<PaymentRecord | null> {
    return this.paymentById(paymentId);
  }

  async findPaymentByRef(externalRef: string): Promise<PaymentRecord | null> {
    const row = prepared(this.db, "SELECT data FROM payments WHERE external_ref = ?").get(externalRef) as
      | Row
      | undefined;
    return row ? (JSON.parse(String(row.data)) as PaymentRecord) : null;
  }

  async listPayments(query: { customerId?: string; from: number; before: number }): Promise<PaymentRecord[]> {
    const rows = query.customerId
      ? prepared(this.db, 
            `SELECT data FROM payments WHERE customer_id = ? AND received_at >= ? AND received_at < ?
             ORDER BY received_at, payment_id`,
          )
          .all(query.customerId, query.from, query.before)
      : prepared(this.db, 
            "SELECT data FROM payments WHERE received_at >= ? AND received_at < ? ORDER BY received_at, payment_id",
          )
          .all(query.from, query.before);
    return parseAll<PaymentRecord>(rows as Row[]);
  }

  async listOpenReceivables(customerId?: string): Promise<ReceivableRecord[]> {
    const rows = customerId
      ? prepared(this.db, 
            `SELECT * FROM receivables WHERE customer_id = ? AND amount_fen > paid_fen
             ORDER BY due_at, created_at, receivable_id`,
          )
          .all(customerId)
      : prepared(this.db, 
            "SELECT * FROM receivables WHERE amount_fen > paid_fen ORDER BY customer_id, due_at, created_at, receivable_id",
          )
          .all();
    return (rows as Row[]).map(toReceivable);
  }

  async getReceivables(receivableIds: readonly string[]): Promise<ReceivableRecord[]> {
    if (receivableIds.length === 0) return [];
    const marks = receivableIds.map(() => "?").join(", ");
    const rows = prepared(this.db, `SELECT * FROM receivables WHERE receivable_id IN (${marks})`).all(...receivableIds);
    return (rows as Row[]).map(toReceivable);
  }

  async listReceivablesCreated(customerId: string, from: number, before: number): Promise<ReceivableRecord[]> {
    const rows = prepared(this.db, 
        `SELECT * FROM receivables WHERE customer_id = ? AND created_at >= ? AND created_at < ?
         ORDER BY created_at, receivable_id`,
      )
      .all(customerId, from, before);
    return (rows as Row[]).map(toReceivable);
  }

  async getCreditBalance(customerId: string): Promise<number> {
    return this.creditOf(customerId);
  }

  async applyCredit(change: {
    receivableUpdates: ReceivableUpdate[];
    credit: CreditUpdate;
    events: AuditEventRecord[];
  }): Promise<void> {
    this.db
      .transaction(() => {
        this.applyReceivableUpdates(change.receivableUpdates);
        this.applyCreditUpdate(change.credit);
        this.writeEvents(change.events);
      })
      .immediate();
  }

  async saveReturn(returnRecord: ReturnRecord): Promise<{ returnRecord: ReturnRecord; isReplay: boolean }> {
    return this.db
      .transaction(() => {
        const existing = prepared(this.db, "SELECT data FROM returns WHERE request_id = ?").get(returnRecord.requestId) as
          | Row
          | undefined;
        if (existing) return { returnRecord: JSON.parse(String(existing.data)) as ReturnRecord, isReplay: true };
        prepared(this.db, "INSERT INTO returns (return_id, request_id, customer_id, status, data) VALUES (?, ?, ?, ?, ?)")
          .run(
            returnRecord.returnId,
            returnRecord.requestId,
            returnRecord.customerId,
            returnRecord.status,
            JSON.stringify(returnRecord),
          );
        const insertLine = prepared(this.db, 
          "INSERT INTO return_lines (return_id, order_id, line_no, quantity) VALUES (?, ?, ?, ?)",
        );
        for (const line of returnRecord.lines) {
          insertLine.run(returnRecord.returnId, line.orderId, line.lineNo, line.quantity);
        }
        return { returnRecord, isReplay: false };
      })
      .immediate();
  }

  async getReturn(returnId: string): Promise<ReturnRecord | null> {
    const row = prepared(this.db, "SELECT data FROM returns WHERE return_id = ?").get(returnId) as Row | undefined;
    return row ? (JSON.parse(String(row.data)) as ReturnRecord) : null;
  }

  async returnedQuantities(
    orderIds: readonly string[],
  ): Promise<{ orderId: string; lineNo: number; quantity: number }[]> {
    if (orderIds.length === 0) return [];
    const marks = orderIds.map(() => "?").join(", ");
    const rows = prepared(this.db, 
        `SELECT order_id, line_no, SUM(quantity) AS quantity FROM return_lines
         WHERE order_id IN (${marks}) GROUP BY order_id, line_no ORDER BY order_id, line_no`,
      )
      .all(...orderIds) as Row[];
    return rows.map((row) => ({
      orderId: String(row.order_id),
      lineNo: Number(row.line_no),
      quantity: Number(row.quantity),
    }));
  }

  async receiveReturn(receipt: ReturnReceipt): Promise<{ returnRecord: ReturnRecord; stock: StockRecord[] }> {
    return this.db
      .transaction(() => {
        const current = prepared(this.db, "SELECT data FROM returns WHERE return_id = ?")
          .get(receipt.returnRecord.returnId) as Row | undefined;
        if (!current) throw new AppError("NOT_FOUND", `return ${receipt.returnRecord.returnId} not found`);
        const stored = JSON.parse(String(current.data)) as ReturnRecord;
        if (stored.status !== "requested") {
          throw new AppError("ORDER_STATE_CONFLICT", `return ${stored.returnId} is already ${stored.status}`, {
            status: stored.status,
          });
        }

        const addStock = prepared(this.db, "UPDATE stock SET on_hand = on_hand + ? WHERE sku_id = ?");
        for (const move of receipt.stockMoves) addStock.run(move.baseQuantity, move.skuId);
        this.applyReceivableUpdates(receipt.receivableUpdates);
        this.applyCreditUpdate(receipt.credit);
        const note: CreditNoteRecord = receipt.creditNote;
        prepared(this.db, "INSERT INTO credit_notes (credit_note_id, customer_id, created_at, data) VALUES (?, ?, ?, ?)")
          .run(note.creditNoteId, note.customerId, note.createdAt, JSON.stringify(note));
        prepared(this.db, "UPDATE returns SET status = ?, data = ? WHERE return_id = ?")
          .run(receipt.returnRecord.status, JSON.stringify(receipt.returnRecord), receipt.returnRecord.returnId);
        this.writeEvents(receipt.events);

        const skuIds = [...new Set(receipt.stockMoves.map((move) => move.skuId))];
        const rows = skuIds.length
          ? (prepared(this.db, `SELECT sku_id, on_hand, reserved FROM stock WHERE sku_id IN (${skuIds.map(() => "?").join(", ")})`)
              .all(...skuIds) as Row[])
          : [];
        return {
          returnRecord: receipt.returnRecord,
          stock: rows.map((row) => ({
            skuId: String(row.sku_id),
            onHand: Number(row.on_hand),
            reserved: Number(row.reserved),
          })),
        };
      })
      .immediate();
  }

  async listCreditNotes(customerId: string, from: number, before: number): Promise<CreditNoteRecord[]> {
    const rows = prepared(this.db, 
        `SELECT data FROM credit_notes WHERE customer_id = ? AND created_at >= ? AND created_at < ?
         ORDER BY created_at, credit_note_id`,
      )
      .all(customerId, from, before);
    return parseAll<CreditNoteRecord>(rows as Row[]);
  }

  async balanceBefore(customerId: string, before: number): Promise<{ debitsFen: number; creditsFen: number }> {
    const debits = prepared(this.db, "SELECT COALESCE(SUM(amount_fen), 0) AS total FROM receivables WHERE customer_id = ? AND created_at < ?")
      .get(customerId, before) as Row;
    const payments = prepared(this.db, 
        "SELECT COALESCE(SUM(json_extract(data, '$.amountFen')), 0) AS total FROM payments WHERE customer_id = ? AND received_at < ?",
      )
      .get(customerId, before) as Row;
    const notes = prepared(this.db, 
        "SELECT COALESCE(SUM(json_extract(data, '$.amountFen')), 0) AS total FROM credit_notes WHERE customer_id = ? AND created_at < ?",
      )
      .get(customerId, before) as Row;
    return { debitsFen: Number(debits.total), creditsFen: Number(payments.total) + Number(notes.total) };
  }

  async addEvent(event: AuditEventRecord): Promise<void> {
    insertEvent(this.db, event);
  }

  async revokeStatementShares(revocation: StatementShareRevocation): Promise<number> {
    return this.db
      .transaction(() => {
        const row = prepared(this.db,
          "SELECT json_extract(data, '$.statementSharesRevokedBefore') AS revoked FROM customers WHERE customer_id = ?",
        ).get(revocation.customerId) as Row | undefined;
        if (!row) throw new AppError("NOT_FOUND", `customer ${revocation.customerId} not found`);
        const stored = row.revoked === null ? revocation.revokedBefore : Math.max(Number(row.revoked), revocation.revokedBefore);
        prepared(this.db,
          `UPDATE customers SET data = json_set(data, '$.statementSharesRevokedBefore', CAST(? AS INTEGER))
           WHERE customer_id = ?`,
        ).run(stored, revocation.customerId);
        insertEvent(this.db, revocation.event);
        return stored;
      })
      .immediate();
  }

  async listEvents(action: string, from: number, before: number): Promise<AuditEventRecord[]> {
    const rows = prepared(this.db, "SELECT * FROM audit_events WHERE action = ? AND at >= ? AND at < ? ORDER BY at, rowid")
      .all(action, from, before) as Row[];
    return rows.map((row) => ({
      eventId: String(row.event_id),
      entityType: row.entity_type as AuditEventRecord["entityType"],
      entityId: String(row.entity_id),
      action: String(row.action),
      actorId: String(row.actor_id),
      actorRole: row.actor_role as AuditEventRecord["actorRole"],
      at: Number(row.at),
      ...(row.data === null ? {} : { data: JSON.parse(String(row.data)) as Record<string, unknown> }),
    }));
  }
}
