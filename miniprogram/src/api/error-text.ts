import type { ShortLine } from "../../../shared/errors";
import { formatYuan } from "../../../shared/money";
import { ApiError, type ApiErrorCode } from "./api-error";

/** Text shown to people for each code. The server's message is for logs. */
const ERROR_TEXT: Record<ApiErrorCode, string> = {
  INVALID_INPUT: "提交的内容有误，请检查后重试",
  UNAUTHENTICATED: "登录已失效，请重新登录",
  FORBIDDEN: "没有权限进行此操作",
  NOT_FOUND: "内容不存在或已被删除",
  INSUFFICIENT_STOCK: "库存不足，请调整数量",
  CREDIT_BLOCKED: "账户有逾期欠款，暂不能下单，请联系业务员",
  ORDER_STATE_CONFLICT: "订单状态已变化，请刷新后重试",
  IDEMPOTENCY_CONFLICT: "订单已提交，请到订单列表查看",
  REGISTRATION_CONFLICT: "无法完成注册：邀请码已使用或已过期，或此微信已注册",
  PICK_MISMATCH: "拣货数量与订单不符，请按部分发货处理",
  INTERNAL: "系统繁忙，请稍后重试",
  NETWORK_ERROR: "网络连接失败，请检查网络后重试",
};

function isShortLine(value: unknown): value is ShortLine {
  if (typeof value !== "object" || value === null) return false;
  const line = value as Record<string, unknown>;
  return (
    typeof line.skuId === "string" &&
    typeof line.unit === "string" &&
    typeof line.available === "number"
  );
}

function describeShortLine(
  line: ShortLine,
  skuNames: Record<string, string>,
): string {
  const name = skuNames[line.skuId] ?? line.skuId;
  if (line.available <= 0) return `${name}：已无库存`;
  return `${name}：可下单 ${line.available} ${line.unit}`;
}

function overdueFen(details: unknown): number | null {
  if (typeof details !== "object" || details === null) return null;
  const value = (details as Record<string, unknown>).overdueFen;
  return typeof value === "number" && Number.isSafeInteger(value)
    ? value
    : null;
}

/**
 * Turns any thrown value into the lines shown to a person: a summary,
 * then one line per short SKU for INSUFFICIENT_STOCK, or the overdue
 * amount for CREDIT_BLOCKED. `skuNames` maps skuId to the name to show.
 */
export function describeError(
  error: unknown,
  skuNames: Record<string, string> = {},
): string[] {
  if (!(error instanceof ApiError)) return [ERROR_TEXT.INTERNAL];

  const summary = ERROR_TEXT[error.code];
  if (error.code === "INSUFFICIENT_STOCK" && Array.isArray(error.details)) {
    const lines = error.details
      .filter(isShortLine)
      .map((line) => describeShortLine(line, skuNames));
    return [summary, ...lines];
  }
  if (error.code === "CREDIT_BLOCKED") {
    const fen = overdueFen(error.details);
    if (fen !== null) return [summary, `逾期欠款 ${formatYuan(fen)}`];
  }
  return [summary];
}

export function isSignedOut(error: unknown): boolean {
  return error instanceof ApiError && error.code === "UNAUTHENTICATED";
}
