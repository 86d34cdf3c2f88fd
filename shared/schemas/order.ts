import { z } from "zod";

import { ORDER_STATUSES, type OrderStatus } from "../order-status";
import { MAX_NEGOTIATED_PRICE_FEN, type LinePriceSource } from "../pricing";
import {
  ChinaDateSchema,
  IdSchema,
  PageRequestShape,
  QuantitySchema,
  ReasonSchema,
  RequestIdSchema,
  UnitNameSchema,
} from "./common";

export const OrderLineRequest = z.strictObject({
  skuId: IdSchema,
  unit: UnitNameSchema,
  quantity: QuantitySchema,
});

/**
 * A cart line that may carry a price staff negotiated (议价), in fen per
 * unit. Only a salesperson, clerk or manager may send one; the order is
 * then flagged PRICE_OVERRIDDEN for review.
 */
export const CartLineRequest = z.strictObject({
  skuId: IdSchema,
  unit: UnitNameSchema,
  quantity: QuantitySchema,
  negotiatedPriceFen: z.number().int().min(0).max(MAX_NEGOTIATED_PRICE_FEN).optional(),
});

const LinesSchema = z.array(CartLineRequest).min(1).max(200);

export const QuoteRequest = z.strictObject({
  lines: LinesSchema,
  customerId: IdSchema.optional(),
});

export const PlaceRequest = z
  .strictObject({
    requestId: RequestIdSchema,
    lines: LinesSchema,
    customerId: IdSchema.optional(),
    addressId: IdSchema.optional(),
    remark: z.string().trim().max(200).optional(),
    /** Reason for the negotiated prices, required with any of them. */
    priceReason: ReasonSchema.optional(),
  })
  .refine((value) => value.priceReason !== undefined || value.lines.every((line) => line.negotiatedPriceFen === undefined), {
    message: "a reason is required when a line has a negotiated price",
    path: ["priceReason"],
  });

export const OrderRefRequest = z.strictObject({ orderId: IdSchema });

export const RejectRequest = z.strictObject({
  orderId: IdSchema,
  reason: ReasonSchema,
});

export const CancelRequest = z.strictObject({
  orderId: IdSchema,
  reason: ReasonSchema.optional(),
});

export const OrderListRequest = z
  .strictObject({
    ...PageRequestShape,
    status: z.enum(ORDER_STATUSES).optional(),
    /** Orders in any of these statuses; the list form of `status`. */
    statuses: z
      .array(z.enum(ORDER_STATUSES))
      .min(1)
      .max(ORDER_STATUSES.length)
      .optional(),
    /** An order number such as SO20261204-0001. */
    orderNo: z.string().trim().toUpperCase().regex(/^[A-Z]{2,4}[0-9A-Z-]{4,28}$/, "must be an order number").optional(),
    customerId: IdSchema.optional(),
    from: ChinaDateSchema.optional(),
    to: ChinaDateSchema.optional(),
  })
  .refine((value) => !value.from || !value.to || value.from <= value.to, {
    message: "from must not be after to",
    path: ["to"],
  })
  .refine((value) => value.status === undefined || value.statuses === undefined, {
    message: "pass either status or statuses, not both",
    path: ["statuses"],
  });

export type OrderLineInput = z.infer<typeof OrderLineRequest>;
export type CartLineInput = z.infer<typeof CartLineRequest>;
export type QuoteInput = z.infer<typeof QuoteRequest>;
export type PlaceInput = z.infer<typeof PlaceRequest>;
export type OrderListInput = z.infer<typeof OrderListRequest>;

export type OrderChannel = "customer" | "salesperson" | "clerk" | "import";

export interface QuoteLine {
  skuId: string;
  name: string;
  specs: Record<string, string>;
  unit: string;
  quantity: number;
  priceFen: number;
  listPriceFen: number;
  priceSource: LinePriceSource;
  /** With a negotiated price: the customer's own price it replaced. */
  standardPriceFen?: number;
  amountFen: number;
  /** Whole units of this line's unit available now. */
  available: number;
  isShort: boolean;
}

export interface Quote {
  customerId: string;
  lines: QuoteLine[];
  totalFen: number;
}

export interface OrderLine {
  lineNo: number;
  skuId: string;
  name: string;
  specs: Record<string, string>;
  unit: string;
  factor: number;
  quantity: number;
  baseUnit: string;
  baseQuantity: number;
  priceFen: number;
  listPriceFen: number;
  priceSource: LinePriceSource;
  /** With a negotiated price: the customer's own price it replaced. */
  standardPriceFen?: number;
  amountFen: number;
}

export interface AddressSnapshot {
  addressId: string;
  contact: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
}

export type OrderFlagCode = "CREDIT_HOLD" | "OVERDUE_DEBT" | "OVER_CREDIT_LIMIT" | "PRICE_OVERRIDDEN";

export interface OrderFlag {
  code: OrderFlagCode;
  /** Numbers behind the flag, e.g. the overdue amount in fen. */
  details?: Record<string, number | string>;
}

export interface TimelineEvent {
  eventId: string;
  action: string;
  actorId: string;
  actorRole: string;
  actorName?: string;
  at: string;
  data?: Record<string, unknown>;
}

export interface ShipmentView {
  shipmentId: string;
  carrier: string;
  carrierName: string;
  trackingNo: string;
  /** Shipped quantity per line, in the line's unit and in base units. */
  lines: { lineNo: number; quantity: number; baseQuantity: number }[];
  isPartial: boolean;
  shippedAt: string;
  receipt?: { signerName: string; receivedAt: string };
}

/** An order as the functions return it. */
export interface OrderView {
  orderId: string;
  orderNo: string;
  customerId: string;
  customerName: string;
  status: OrderStatus;
  channel: OrderChannel;
  placedBy: string;
  lines: OrderLine[];
  totalFen: number;
  address?: AddressSnapshot;
  remark?: string;
  flags: OrderFlag[];
  paymentStatus: "unpaid" | "paid";
  createdAt: string;
  updatedAt: string;
  approvedAt?: string;
  /** The warehouse's latest pick, per line in the line's unit. */
  pick?: { lines: { lineNo: number; quantity: number }[]; pickedAt: string };
  shipments?: ShipmentView[];
  /** Quantity per line still to ship after a partial shipment (the backorder). */
  backorder?: { lineNo: number; quantity: number }[];
  timeline?: TimelineEvent[];
}
