/**
 * The finance part of the store. Each method is one atomic use case;
 * receivable updates carry the paid amount they were computed from and
 * apply only if it is unchanged.
 */

import type { AuditEventRecord, ReceivableRecord, StockRecord } from "../store/records";
import type { CreditNoteRecord, PaymentRecord, ReturnRecord } from "./records";

/** A receivable's paid amount moving from `expectedPaidFen` to `paidFen`. */
export interface ReceivableUpdate {
  receivableId: string;
  expectedPaidFen: number;
  paidFen: number;
}

/** A change of a customer's credit balance from `expectedFen`. */
export interface CreditUpdate {
  customerId: string;
  expectedFen: number;
  balanceFen: number;
}

export interface PaymentChange {
  payment: PaymentRecord;
  receivableUpdates: ReceivableUpdate[];
  credit?: CreditUpdate;
  events: AuditEventRecord[];
}

export interface ReturnReceipt {
  returnRecord: ReturnRecord;
  creditNote: CreditNoteRecord;
  stockMoves: { skuId: string; baseQuantity: number }[];
  receivableUpdates: ReceivableUpdate[];
  credit?: CreditUpdate;
  events: AuditEventRecord[];
}

/** A revocation of every statement share link of a customer issued before an instant. */
export interface StatementShareRevocation {
  customerId: string;
  /** Epoch ms; links issued before it are void. */
  revokedBefore: number;
  event: AuditEventRecord;
}

export interface FinanceStore {
  /**
   * Records a payment with its matching. If a payment with the same
   * external reference exists, returns it unchanged (`isReplay`). A stale
   * receivable or credit balance throws ORDER_STATE_CONFLICT.
   */
  recordPayment(change: PaymentChange): Promise<{ payment: PaymentRecord; isReplay: boolean }>;
  /** Replaces a payment's matching if the payment is still at `expectedVersion`. */
  rematchPayment(change: PaymentChange & { expectedVersion: number }): Promise<PaymentRecord>;
  getPayment(paymentId: string): Promise<PaymentRecord | null>;
  findPaymentByRef(externalRef: string): Promise<PaymentRecord | null>;
  /** Payments received in [from, before), optionally of one customer, oldest first. */
  listPayments(query: { customerId?: string; from: number; before: number }): Promise<PaymentRecord[]>;

  /** Receivables with something left to pay, oldest due first. */
  listOpenReceivables(customerId?: string): Promise<ReceivableRecord[]>;
  getReceivables(receivableIds: readonly string[]): Promise<ReceivableRecord[]>;
  /** Receivables created in [from, before) for one customer, oldest first. */
  listReceivablesCreated(customerId: string, from: number, before: number): Promise<ReceivableRecord[]>;
  getCreditBalance(customerId: string): Promise<number>;
  /** Applies a credit balance to receivables (no payment involved). */
  applyCredit(change: { receivableUpdates: ReceivableUpdate[]; credit: CreditUpdate; events: AuditEventRecord[] }): Promise<void>;

  /** Opens a return; a repeated request id returns the first one. */
  saveReturn(returnRecord: ReturnRecord): Promise<{ returnRecord: ReturnRecord; isReplay: boolean }>;
  getReturn(returnId: string): Promise<ReturnRecord | null>;
  /** Quantities already returned (requested or received) per order line. */
  returnedQuantities(orderIds: readonly string[]): Promise<{ orderId: string; lineNo: number; quantity: number }[]>;
  /** Receives returned goods: stock back on hand, credit note, receivables reduced; once. */
  receiveReturn(receipt: ReturnReceipt): Promise<{ returnRecord: ReturnRecord; stock: StockRecord[] }>;
  listCreditNotes(customerId: string, from: number, before: number): Promise<CreditNoteRecord[]>;
  /** A customer's ledger before an instant: deliveries owed, and payments and credit notes received. */
  balanceBefore(customerId: string, before: number): Promise<{ debitsFen: number; creditsFen: number }>;
  /** Writes one audit event that goes with no other change. */
  addEvent(event: AuditEventRecord): Promise<void>;
  /**
   * Sets the customer's statementSharesRevokedBefore to the later of the
   * stored instant and `revokedBefore`, so it never moves back, and
   * writes the audit event, atomically. Returns the instant now stored.
   * Throws NOT_FOUND for an unknown customer and then writes nothing.
   */
  revokeStatementShares(revocation: StatementShareRevocation): Promise<number>;
  /** Audit events of one action in [from, before), oldest first. */
  listEvents(action: string, from: number, before: number): Promise<AuditEventRecord[]>;
}
