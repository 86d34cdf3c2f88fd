import { z } from "zod";

import { IdSchema, RequestIdSchema } from "./common";

/**
 * Carriers a shipment may use, with the tracking-number shape each issues.
 * OWN is the distributor's own truck: its "tracking number" is the
 * delivery-note or plate number.
 */
export const CARRIERS = [
  { code: "SF", name: "顺丰速运", pattern: /^SF\d{12,13}$/ },
  { code: "ZTO", name: "中通快递", pattern: /^\d{12,15}$/ },
  { code: "YTO", name: "圆通速递", pattern: /^YT\d{13,15}$/ },
  { code: "YD", name: "韵达快递", pattern: /^\d{13,15}$/ },
  { code: "STO", name: "申通快递", pattern: /^\d{12,15}$/ },
  { code: "JD", name: "京东物流", pattern: /^JD[A-Z0-9]{11,16}$/ },
  { code: "DBL", name: "德邦快递", pattern: /^(DPK)?\d{9,15}$/ },
  { code: "EMS", name: "中国邮政EMS", pattern: /^([A-Z]{2}\d{9}[A-Z]{2}|\d{13})$/ },
  { code: "OWN", name: "自有车辆配送", pattern: /^[A-Z0-9\u4e00-\u9fa5-]{4,20}$/ },
] as const;

export type CarrierCode = (typeof CARRIERS)[number]["code"];

const CARRIER_CODES = CARRIERS.map((carrier) => carrier.code) as [CarrierCode, ...CarrierCode[]];

export function findCarrier(code: string) {
  return CARRIERS.find((carrier) => carrier.code === code);
}

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
    trackingNo: z.string().trim().toUpperCase().min(4).max(32),
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
