import type {
  AgeBucket,
  AllocationView,
} from "../../../shared/schemas/finance";
import type { PaymentMethod } from "../api/finance";

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  wechat_pay: "微信支付",
  bank_transfer: "银行转账",
  cash: "现金",
  other: "其他",
};

/** Age buckets in the order finance reads them, with their labels. */
export const AGE_BUCKET_LABELS: ReadonlyArray<{ bucket: AgeBucket; label: string }> = [
  { bucket: "current", label: "未到期" },
  { bucket: "1-30", label: "逾期 1-30 天" },
  { bucket: "31-60", label: "逾期 31-60 天" },
  { bucket: "61-90", label: "逾期 61-90 天" },
  { bucket: "over90", label: "逾期 90 天以上" },
];

export const ALLOCATION_MODE_LABELS: Record<AllocationView["mode"], string> = {
  exact: "按金额匹配",
  oldest: "按到期先后",
  manual: "手动匹配",
  credit: "余额抵扣",
};

export function paymentMethodLabel(method: string): string {
  return method in PAYMENT_METHOD_LABELS
    ? PAYMENT_METHOD_LABELS[method as PaymentMethod]
    : method;
}
