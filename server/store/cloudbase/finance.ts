/**
 * The CloudBase adapter of the FinanceStore port. It shares the Store's
 * collections (receivables, stock, audit events, credit accounts) and adds
 * its own. docs/cloudbase-adapter.md lists them with their indexes and
 * explains why each atomic step is safe.
 */

import type {
  CreditUpdate,
  FinanceStore,
  PaymentChange,
  ReceivableUpdate,
  ReturnReceipt,
  StatementShareRevocation,
} from "../../finance/port";
import type {
  CreditNoteRecord,
  PaymentRecord,
  ReturnRecord,
} from "../../finance/records";
import type { AuditEventRecord, ReceivableRecord, StockRecord } from "../records";
import { StoreContext, type RetryPolicy } from "./context";
import * as payments from "./finance-payments";
import * as queries from "./finance-queries";
import * as returns from "./finance-returns";
import * as shares from "./finance-shares";
import type { CloudBaseApp, CloudBaseDatabase } from "./sdk";
import { DEFAULT_RETRY_POLICY } from "./transaction";

export class CloudBaseFinanceStore implements FinanceStore {
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

  recordPayment(
    change: PaymentChange,
  ): Promise<{ payment: PaymentRecord; isReplay: boolean }> {
    return payments.recordPayment(this.context, change);
  }

  rematchPayment(
    change: PaymentChange & { expectedVersion: number },
  ): Promise<PaymentRecord> {
    return payments.rematchPayment(this.context, change);
  }

  getPayment(paymentId: string): Promise<PaymentRecord | null> {
    return queries.getPayment(this.context, paymentId);
  }

  findPaymentByRef(externalRef: string): Promise<PaymentRecord | null> {
    return queries.findPaymentByRef(this.context, externalRef);
  }

  listPayments(query: {
    customerId?: string;
    from: number;
    before: number;
  }): Promise<PaymentRecord[]> {
    return queries.listPayments(this.context, query);
  }

  listOpenReceivables(customerId?: string): Promise<ReceivableRecord[]> {
    return queries.listOpenReceivables(this.context, customerId);
  }

  getReceivables(receivableIds: readonly string[]): Promise<ReceivableRecord[]> {
    return queries.getReceivables(this.context, receivableIds);
  }

  listReceivablesCreated(
    customerId: string,
    from: number,
    before: number,
  ): Promise<ReceivableRecord[]> {
    return queries.listReceivablesCreated(this.context, customerId, from, before);
  }

  getCreditBalance(customerId: string): Promise<number> {
    return queries.getCreditBalance(this.context, customerId);
  }

  applyCredit(change: {
    receivableUpdates: ReceivableUpdate[];
    credit: CreditUpdate;
    events: AuditEventRecord[];
  }): Promise<void> {
    return payments.applyCredit(this.context, change);
  }

  saveReturn(
    returnRecord: ReturnRecord,
  ): Promise<{ returnRecord: ReturnRecord; isReplay: boolean }> {
    return returns.saveReturn(this.context, returnRecord);
  }

  getReturn(returnId: string): Promise<ReturnRecord | null> {
    return returns.getReturn(this.context, returnId);
  }

  returnedQuantities(
    orderIds: readonly string[],
  ): Promise<{ orderId: string; lineNo: number; quantity: number }[]> {
    return returns.returnedQuantities(this.context, orderIds);
  }

  receiveReturn(
    receipt: ReturnReceipt,
  ): Promise<{ returnRecord: ReturnRecord; stock: StockRecord[] }> {
    return returns.receiveReturn(this.context, receipt);
  }

  listCreditNotes(
    customerId: string,
    from: number,
    before: number,
  ): Promise<CreditNoteRecord[]> {
    return queries.listCreditNotes(this.context, customerId, from, before);
  }

  balanceBefore(
    customerId: string,
    before: number,
  ): Promise<{ debitsFen: number; creditsFen: number }> {
    return queries.balanceBefore(this.context, customerId, before);
  }

  addEvent(event: AuditEventRecord): Promise<void> {
    return shares.addEvent(this.context, event);
  }

  revokeStatementShares(revocation: StatementShareRevocation): Promise<number> {
    return shares.revokeStatementShares(this.context, revocation);
  }

  listEvents(
    action: string,
    from: number,
    before: number,
  ): Promise<AuditEventRecord[]> {
    return queries.listEvents(this.context, action, from, before);
  }
}

export interface CloudBaseFinanceStoreOptions {
  /** An app from `tcb.init(...)`, or its `database()`. */
  app?: CloudBaseApp;
  database?: CloudBaseDatabase;
  /** Prepended to every collection name; use the Store's prefix. */
  collectionPrefix?: string;
  retry?: RetryPolicy;
}

/** Creates the finance store on the same database and prefix as the Store. */
export function createCloudBaseFinanceStore(
  options: CloudBaseFinanceStoreOptions,
): CloudBaseFinanceStore {
  const database = options.database ?? options.app?.database();
  if (database === undefined) {
    throw new Error("createCloudBaseFinanceStore needs an app or a database");
  }
  return new CloudBaseFinanceStore(database, {
    collectionPrefix: options.collectionPrefix,
    retry: options.retry,
  });
}
