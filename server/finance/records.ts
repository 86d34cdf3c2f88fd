/**
 * Finance records: payments and how they are matched to receivables,
 * returns and the credit notes they produce. Money is fen, instants are
 * epoch ms.
 */

import type { PAYMENT_METHODS } from "../../shared/schemas/finance";

export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Part of a payment or credit applied to one receivable. */
export interface Allocation {
  receivableId: string;
  orderId?: string;
  amountFen: number;
  /** exact: one order's whole debt; oldest: oldest first; manual: re-matched by finance; credit: from the credit balance. */
  mode: "exact" | "oldest" | "manual" | "credit";
  matchedBy: string;
  matchedAt: number;
}

export interface PaymentRecord {
  paymentId: string;
  /** The payer's or bank's reference; one payment per reference. */
  externalRef: string;
  customerId: string;
  amountFen: number;
  method: PaymentMethod;
  receivedAt: number;
  recordedBy: string;
  recordedAt: number;
  allocations: Allocation[];
  /** The part not matched to any receivable, held as customer credit. */
  unappliedFen: number;
  note?: string;
  /** Bumped by every re-match, to guard concurrent re-matches. */
  version: number;
}

export interface ReturnLine {
  orderId: string;
  lineNo: number;
  skuId: string;
  unit: string;
  quantity: number;
  baseQuantity: number;
  amountFen: number;
}

export interface ReturnRecord {
  returnId: string;
  /** Idempotency key of the request that opened the return. */
  requestId: string;
  customerId: string;
  lines: ReturnLine[];
  totalFen: number;
  reason: string;
  /** Pay the credit beyond what the orders owe back, rather than keep it as customer credit. */
  isRefund: boolean;
  status: "requested" | "received";
  createdBy: string;
  createdAt: number;
  receivedBy?: string;
  receivedAt?: number;
  creditNoteId?: string;
}

export interface CreditNoteRecord {
  creditNoteId: string;
  customerId: string;
  returnId: string;
  amountFen: number;
  createdAt: number;
  /** Applied to the returned orders' receivables; the rest is customer credit or a refund. */
  allocations: Allocation[];
  creditedFen: number;
  refundFen: number;
}
