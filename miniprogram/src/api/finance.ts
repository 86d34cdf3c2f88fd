import type {
  DailyReconciliationView,
  PaymentView,
  PAYMENT_METHODS,
  ReceivablesAgeingView,
  SharedStatementView,
  StatementSharesRevokedView,
  StatementShareView,
  StatementView,
  VoucherView,
} from "../../../shared/schemas/finance";
import { callFunction } from "./call-function";

export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface RecordPaymentInput {
  /** The bank's or WeChat Pay's reference; posting it again records nothing new. */
  externalRef: string;
  customerId: string;
  amountFen: number;
  method: PaymentMethod;
  /** ISO 8601 with offset; the server uses the current time when absent. */
  receivedAt?: string;
  note?: string;
}

/** Records a payment and matches it to the customer's open receivables. */
export function recordPayment(input: RecordPaymentInput): Promise<PaymentView> {
  return callFunction<PaymentView>("finance", {
    action: "recordPayment",
    ...input,
  });
}

export interface RematchInput {
  paymentId: string;
  allocations: { receivableId: string; amountFen: number }[];
  reason: string;
}

/** Replaces a payment's matching with one chosen by hand. */
export function rematchPayment(input: RematchInput): Promise<PaymentView> {
  return callFunction<PaymentView>("finance", { action: "rematch", ...input });
}

/** Lists the vouchers of the payments received on a China-time date. */
export function listVouchersOn(date: string): Promise<{ items: VoucherView[] }> {
  return callFunction<{ items: VoucherView[] }>("finance", {
    action: "vouchers",
    date,
  });
}

/** Returns the voucher of one payment. */
export function getVoucher(paymentId: string): Promise<{ items: VoucherView[] }> {
  return callFunction<{ items: VoucherView[] }>("finance", {
    action: "vouchers",
    paymentId,
  });
}

export function getDailyReconciliation(
  date: string,
): Promise<DailyReconciliationView> {
  return callFunction<DailyReconciliationView>("finance", {
    action: "dailyReconciliation",
    date,
  });
}

/**
 * Returns a monthly statement. A customer leaves customerId out and gets
 * their own.
 */
export function getStatement(input: {
  month: string;
  customerId?: string;
}): Promise<StatementView> {
  return callFunction<StatementView>("finance", {
    action: "statement",
    ...input,
  });
}

/**
 * Creates a link that opens one month's statement without sign-in for 30
 * days. A customer leaves customerId out and shares their own.
 */
export function shareStatement(input: {
  month: string;
  customerId?: string;
}): Promise<StatementShareView> {
  return callFunction<StatementShareView>("finance", {
    action: "shareStatement",
    ...input,
  });
}

/**
 * Voids every share link of one customer created before now, for all
 * months. A customer leaves customerId out and stops their own links.
 */
export function revokeStatementShares(input: { customerId?: string }): Promise<StatementSharesRevokedView> {
  return callFunction<StatementSharesRevokedView>("finance", {
    action: "revokeStatementShares",
    ...input,
  });
}

/**
 * Returns the statement behind a share link. It needs no session: the
 * token is the credential, and a bad or expired one fails as
 * UNAUTHENTICATED.
 */
export function getSharedStatement(token: string): Promise<SharedStatementView> {
  return callFunction<SharedStatementView>("finance", {
    action: "sharedStatement",
    token,
  });
}

export interface ReceivablesInput {
  date?: string;
  customerId?: string;
  cursor?: string;
  limit?: number;
}

/** Returns outstanding receivables per customer by age bucket. */
export function getReceivables(
  input: ReceivablesInput,
): Promise<ReceivablesAgeingView> {
  return callFunction<ReceivablesAgeingView>("finance", {
    action: "receivables",
    ...input,
  });
}
