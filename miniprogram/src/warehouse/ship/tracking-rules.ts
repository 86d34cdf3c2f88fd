import {
  checkTrackingNo,
  findCarrier,
  type CarrierCode,
} from "../../../../shared/carriers";

/** What each carrier's tracking number looks like, for the hint under the field. */
export const TRACKING_NO_HINTS: Record<CarrierCode, string> = {
  SF: "SF 加 12-13 位数字",
  ZTO: "12-15 位数字",
  YTO: "YT 加 13-15 位数字",
  YD: "13-15 位数字",
  STO: "12-15 位数字",
  JD: "JD 加 11-16 位字母或数字",
  DBL: "9-15 位数字，可带 DPK 前缀",
  EMS: "13 位数字，或 2 个字母 + 9 位数字 + 2 个字母",
  OWN: "送货单号或车牌号，4-20 位",
};

/**
 * Returns why the server would reject this tracking number for the
 * carrier, in words for the shipper, or null when it is acceptable.
 */
export function trackingNoError(carrier: CarrierCode | null, text: string): string | null {
  if (!carrier) return "请选择快递公司";
  switch (checkTrackingNo(carrier, text)) {
    case null:
      return null;
    case "unknown_carrier":
      return "请选择快递公司";
    case "too_short":
      return "运单号至少 4 位";
    case "too_long":
      return "运单号最多 32 位";
    case "pattern":
      return `不是${findCarrier(carrier)?.name ?? carrier}的运单号：应为${TRACKING_NO_HINTS[carrier]}`;
  }
}
