import { formatYuan } from "../../../shared/money";
import type { OrderFlag } from "../../../shared/schemas/order";

function fen(flag: OrderFlag, key: string): string {
  const value = flag.details?.[key];
  return typeof value === "number" ? formatYuan(value) : "?";
}

function hasAmount(flag: OrderFlag, key: string): boolean {
  return typeof flag.details?.[key] === "number";
}

function describeOverLimit(flag: OrderFlag): string {
  const openOrders = hasAmount(flag, "openOrdersFen")
    ? `，未结订单 ${fen(flag, "openOrdersFen")}`
    : "";
  return (
    `超出信用额度：额度 ${fen(flag, "creditLimitFen")}，` +
    `已欠 ${fen(flag, "outstandingFen")}${openOrders}，本单 ${fen(flag, "orderTotalFen")}`
  );
}

/**
 * Describes a CREDIT_HOLD flag by the problems in its details: overdueFen
 * for overdue debt, creditLimitFen and the other amounts for an exceeded
 * limit. Flags stored before the server recorded those details have none.
 */
function describeCreditHold(flag: OrderFlag): string {
  const reasons: string[] = [];
  if (hasAmount(flag, "overdueFen")) reasons.push(`有逾期欠款 ${fen(flag, "overdueFen")}`);
  if (hasAmount(flag, "creditLimitFen")) reasons.push(describeOverLimit(flag));
  if (reasons.length === 0) return "信用待审：客户信用不足，需内勤确认后放行";
  return `信用待审：${reasons.join("；")}，需内勤确认后放行`;
}

/** Text of one exception flag, with the numbers a clerk decides on. */
export function describeFlag(flag: OrderFlag): string {
  switch (flag.code) {
    case "CREDIT_HOLD":
      return describeCreditHold(flag);
    case "OVERDUE_DEBT":
      return `有逾期欠款 ${fen(flag, "overdueFen")}`;
    case "OVER_CREDIT_LIMIT":
      return describeOverLimit(flag);
    case "PRICE_OVERRIDDEN":
      return (
        `议价：${String(flag.details?.reason ?? "")}，` +
        `原价 ${fen(flag, "standardFen")}，议价 ${fen(flag, "negotiatedFen")}`
      );
    default:
      return String((flag as { code: string }).code);
  }
}
