import { z } from "zod";

import {
  ChinaDateSchema,
  ChinaMonthSchema,
  IdSchema,
  PageRequestShape,
  ReasonSchema,
  RequestIdSchema,
} from "./common";

export const PAYMENT_METHODS = ["wechat_pay", "bank_transfer", "cash", "other"] as const;

const AmountFenSchema = z.number().int().min(1).max(1e12);
const InstantSchema = z.iso.datetime({ offset: true });
export const MonthSchema = ChinaMonthSchema;

export const RecordPaymentRequest = z.strictObject({
  /** The bank's or WeChat Pay's reference; posting it again records nothing new. */
  externalRef: z.string().trim().min(4).max(64).regex(/^[A-Za-z0-9_:.-]+$/),
  customerId: IdSchema,
  amountFen: AmountFenSchema,
  method: z.enum(PAYMENT_METHODS),
  receivedAt: InstantSchema.optional(),
  note: z.string().trim().max(200).optional(),
});

export const RematchRequest = z.strictObject({
  paymentId: IdSchema,
  allocations: z
    .array(z.strictObject({ receivableId: IdSchema, amountFen: AmountFenSchema }))
    .max(200),
  reason: ReasonSchema,
});

export const VouchersRequest = z
  .strictObject({ paymentId: IdSchema.optional(), date: ChinaDateSchema.optional() })
  .refine((value) => (value.paymentId === undefined) !== (value.date === undefined), {
    message: "give either paymentId or date",
  });

export const DailyReconciliationRequest = z.strictObject({ date: ChinaDateSchema });

export const StatementRequest = z.strictObject({
  customerId: IdSchema.optional(),
  month: MonthSchema,
});

/** A customer leaves customerId out and shares their own statement. */
export const ShareStatementRequest = z.strictObject({
  customerId: IdSchema.optional(),
  month: MonthSchema,
});

/** A customer leaves customerId out and stops the links to their own statements. */
export const RevokeStatementSharesRequest = z.strictObject({
  customerId: IdSchema.optional(),
});

/**
 * A share token as finance.shareStatement issues it: URL-safe base64 and
 * digits in dot-separated parts. 256 characters leave room for the
 * longest customer id (64 characters, 86 once encoded).
 */
export const ShareTokenSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9_.-]+$/, "must be a share token from finance.shareStatement");

export const SharedStatementRequest = z.strictObject({ token: ShareTokenSchema });

/** The mini-program page that opens a share link, with `?token=...`. */
export const SHARED_STATEMENT_PAGE = "/account/shared-statement/index";

export const ReceivablesRequest = z.strictObject({
  ...PageRequestShape,
  date: ChinaDateSchema.optional(),
  customerId: IdSchema.optional(),
});

export const CreateReturnRequest = z.strictObject({
  requestId: RequestIdSchema,
  customerId: IdSchema.optional(),
  lines: z
    .array(
      z.strictObject({
        orderId: IdSchema,
        lineNo: z.number().int().min(1).max(200),
        quantity: z.number().int().positive().max(1_000_000),
      }),
    )
    .min(1)
    .max(200),
  reason: ReasonSchema,
  /** Pay the credit back instead of keeping it as customer credit. */
  isRefund: z.boolean().optional(),
});

export const ReceiveReturnRequest = z.strictObject({ returnId: IdSchema });

export interface AllocationView {
  receivableId: string;
  orderId?: string;
  orderNo?: string;
  amountFen: number;
  mode: "exact" | "oldest" | "manual" | "credit";
  matchedBy: string;
  matchedAt: string;
}

export interface PaymentView {
  paymentId: string;
  externalRef: string;
  customerId: string;
  amountFen: number;
  method: (typeof PAYMENT_METHODS)[number];
  receivedAt: string;
  recordedBy: string;
  allocations: AllocationView[];
  unappliedFen: number;
}

export interface StatementLine {
  at: string;
  kind: "delivery" | "payment" | "credit_note";
  reference: string;
  debitFen: number;
  creditFen: number;
  balanceFen: number;
}

export interface StatementView {
  customerId: string;
  customerName: string;
  month: string;
  openingFen: number;
  debitsFen: number;
  creditsFen: number;
  closingFen: number;
  dueDate: string | null;
  lines: StatementLine[];
}

/** finance.shareStatement: a link that opens one month's statement without sign-in. */
export interface StatementShareView {
  token: string;
  /** The instant the token stops working, ISO 8601 in China time. */
  expiresAt: string;
  /** The page path with the token, for WeChat's share card and the H5 URL. */
  path: string;
}

/** finance.revokeStatementShares: the customer's links created before `revokedBefore` no longer open. */
export interface StatementSharesRevokedView {
  customerId: string;
  /** ISO 8601 in China time. Links created from this instant on still open. */
  revokedBefore: string;
}

/**
 * finance.sharedStatement: the statement behind a share link. It names the
 * customer and carries no other data about them, not even their id.
 */
export type SharedStatementView = Omit<StatementView, "customerId"> & { expiresAt: string };

/** One reconciliation voucher per payment: what it settled and what is left as credit. */
export interface VoucherView {
  voucherNo: string;
  payment: PaymentView;
  settledFen: number;
  /** The part of the payment not matched to any order, held as credit. */
  differenceFen: number;
  matchedBy: string[];
}

/** A day's reconciliation in China time, as finance.dailyReconciliation returns it. */
export interface DailyReconciliationView {
  date: string;
  shippedFen: number;
  shipments: number;
  paymentsByMethod: Record<string, { count: number; amountFen: number }>;
  paymentsFen: number;
  unmatched: { paymentId: string; customerId: string; unappliedFen: number }[];
}

/** Age of a receivable by whole days past its due date; "current" is not yet due. */
export type AgeBucket = "current" | "1-30" | "31-60" | "61-90" | "over90";

export interface CustomerAgeingView {
  customerId: string;
  customerName: string;
  outstandingFen: number;
  buckets: Record<AgeBucket, number>;
  /** Open items, most overdue first: the list finance chases. */
  items: { receivableId: string; orderId?: string; outstandingFen: number; dueAt: string; daysOverdue: number }[];
}

/** finance.receivables: ageing per customer on a China-time date, paged by customer. */
export interface ReceivablesAgeingView {
  date: string;
  totals: Record<AgeBucket, number>;
  customers: CustomerAgeingView[];
  nextCursor: string | null;
}
