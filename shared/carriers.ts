/**
 * Carriers a shipment may use, with the tracking-number shape each issues.
 * OWN is the distributor's own truck: its "tracking number" is the
 * delivery-note or plate number.
 *
 * This module imports no zod, so the mini-program can check a tracking
 * number before it ships without bundling the schema library.
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

export type Carrier = (typeof CARRIERS)[number];

export function findCarrier(code: string): Carrier | undefined {
  return CARRIERS.find((carrier) => carrier.code === code);
}

/** Length bounds of a tracking number after normalising. */
export const TRACKING_NO_MIN_LENGTH = 4;
export const TRACKING_NO_MAX_LENGTH = 32;

/** Normalises a typed tracking number as the ship request does: trimmed, upper case. */
export function normalizeTrackingNo(text: string): string {
  return text.trim().toUpperCase();
}

export type TrackingNoProblem = "unknown_carrier" | "too_short" | "too_long" | "pattern";

/**
 * Checks a tracking number for a carrier with the ship request's rules
 * (normalised, 4 to 32 characters, the carrier's pattern) and returns the
 * first problem, or null when the server will accept it.
 */
export function checkTrackingNo(carrierCode: string, text: string): TrackingNoProblem | null {
  const carrier = findCarrier(carrierCode);
  if (!carrier) return "unknown_carrier";
  const trackingNo = normalizeTrackingNo(text);
  if (trackingNo.length < TRACKING_NO_MIN_LENGTH) return "too_short";
  if (trackingNo.length > TRACKING_NO_MAX_LENGTH) return "too_long";
  return carrier.pattern.test(trackingNo) ? null : "pattern";
}
