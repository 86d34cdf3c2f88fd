import type { ShortLine } from "../../../shared/errors";
import { formatYuan } from "../../../shared/money";
import type { Role } from "../../../shared/roles";
import { ApiError, type ApiErrorCode } from "./api-error";

/** Text shown to people for each code. The server's message is for logs. */
const ERROR_TEXT: Record<ApiErrorCode, string> = {
  INVALID_INPUT: "提交的内容有误，请检查后重试",
  UNAUTHENTICATED: "登录已失效，请重新登录",
  FORBIDDEN: "没有权限进行此操作",
  NOT_FOUND: "内容不存在或已被删除",
  INSUFFICIENT_STOCK: "库存不足，请调整数量",
  CREDIT_BLOCKED: "账户信用受限，暂不能下单，请联系您的业务员",
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

function detailFen(details: unknown, key: string): number | null {
  if (typeof details !== "object" || details === null) return null;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === "number" && Number.isSafeInteger(value)
    ? value
    : null;
}

/**
 * Reads the amounts of a CREDIT_BLOCKED error's details: overdueFen,
 * outstandingFen, openOrdersFen, orderTotalFen, and creditLimitFen for
 * monthly (月结) customers. The order is over the limit when outstanding
 * debt, open orders and this order together exceed creditLimitFen.
 */
function creditProblems(details: unknown): {
  overdueFen: number | null;
  overLimit: string | null;
} {
  const overdue = detailFen(details, "overdueFen");
  const limitFen = detailFen(details, "creditLimitFen");
  const outstandingFen = detailFen(details, "outstandingFen") ?? 0;
  const openOrdersFen = detailFen(details, "openOrdersFen") ?? 0;
  const orderTotalFen = detailFen(details, "orderTotalFen") ?? 0;
  const isOverLimit =
    limitFen !== null && outstandingFen + openOrdersFen + orderTotalFen > limitFen;
  return {
    overdueFen: overdue !== null && overdue > 0 ? overdue : null,
    overLimit: isOverLimit
      ? `超出信用额度：额度 ${formatYuan(limitFen)}，已欠 ${formatYuan(outstandingFen)}，` +
        `未结订单 ${formatYuan(openOrdersFen)}，本单 ${formatYuan(orderTotalFen)}`
      : null,
  };
}

/**
 * Words a CREDIT_BLOCKED error for the person who placed the order. The
 * customer is sent to their salesperson. Staff ordering for a customer
 * see what blocks the order and who can clear it.
 */
function describeCreditBlocked(details: unknown, role: Role): string[] {
  const { overdueFen, overLimit } = creditProblems(details);
  const reasons = [
    ...(overdueFen !== null ? [`逾期欠款 ${formatYuan(overdueFen)}`] : []),
    ...(overLimit !== null ? [overLimit] : []),
  ];
  if (role === "customer") {
    let summary = ERROR_TEXT.CREDIT_BLOCKED;
    if (overdueFen !== null) summary = "账户有逾期欠款，暂不能下单，请联系您的业务员";
    else if (overLimit !== null) summary = "本单超出账户信用额度，暂不能下单，请联系您的业务员";
    return [summary, ...reasons];
  }
  return [
    "该客户信用受限，本单未能提交",
    ...reasons,
    "财务或内勤登记客户回款后可重新提交；信用策略为“暂扣”的客户，订单会进入审核台，由内勤放行",
  ];
}

/**
 * Turns any thrown value into the lines shown to a person: a summary,
 * then one line per short SKU for INSUFFICIENT_STOCK, or the reasons for
 * CREDIT_BLOCKED worded for `role`. `skuNames` maps skuId to the name to
 * show.
 */
export function describeError(
  error: unknown,
  skuNames: Record<string, string> = {},
  role: Role = "customer",
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
    return describeCreditBlocked(error.details, role);
  }
  return [summary];
}

export function isSignedOut(error: unknown): boolean {
  return error instanceof ApiError && error.code === "UNAUTHENTICATED";
}
