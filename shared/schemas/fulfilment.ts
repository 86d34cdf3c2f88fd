import { z } from "zod";

import {
  CARRIERS,
  findCarrier,
  TRACKING_NO_MAX_LENGTH,
  TRACKING_NO_MIN_LENGTH,
  type CarrierCode,
} from "../carriers";
import { IdSchema, RequestIdSchema } from "./common";

export { CARRIERS, findCarrier, type CarrierCode };

const CARRIER_CODES = CARRIERS.map((carrier) => carrier.code) as [CarrierCode, ...CarrierCode[]];

export const PickListRequest = z.strictObject({
  orderIds: z.array(IdSchema).min(1).max(50),
});

export const ConfirmPickedRequest = z.strictObject({
  orderId: IdSchema,
  /** Picked quantity per order line, in that line's unit. */
  lines: z
    .array(
      z.strictObject({
        lineNo: z.number().int().min(1).max(200),
        quantity: z.number().int().min(0).max(1_000_000),
      }),
    )
    .min(1)
    .max(200),
});

export const ShipRequest = z
  .strictObject({
    orderId: IdSchema,
    requestId: RequestIdSchema,
    carrier: z.enum(CARRIER_CODES),
    trackingNo: z.string().trim().toUpperCase().min(TRACKING_NO_MIN_LENGTH).max(TRACKING_NO_MAX_LENGTH),
    /** Ship what was picked even though it is less than ordered; the rest stays reserved. */
    isPartial: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    const carrier = findCarrier(value.carrier);
    if (carrier && !carrier.pattern.test(value.trackingNo)) {
      ctx.addIssue({
        code: "custom",
        path: ["trackingNo"],
        message: `not a ${carrier.name} tracking number`,
      });
    }
  });

export const ConfirmReceiptRequest = z.strictObject({
  orderId: IdSchema,
  /** Who signed for the goods; required when staff confirm for the customer. */
  signerName: z.string().trim().min(1).max(20).optional(),
});

export type ShipInput = z.infer<typeof ShipRequest>;
