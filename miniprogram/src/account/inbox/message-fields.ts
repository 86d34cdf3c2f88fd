import { formatYuan, parseYuanToFen } from "../../../../shared/money";
import type { InboxMessageView } from "../../../../shared/schemas/notification";

/**
 * Labels of each template's fields. The keys are the WeChat template's
 * field names that the server's notices fill in (server/notification/notices.ts).
 */
const FIELD_LABELS: Record<string, Record<string, string>> = {
  orderApproved: {
    character_string1: "订单号",
    thing2: "商品",
    amount3: "金额",
    phrase4: "状态",
    time5: "审核时间",
  },
  orderRejected: {
    character_string1: "订单号",
    thing2: "原因",
    phrase3: "状态",
    time4: "时间",
  },
  orderShipped: {
    character_string1: "订单号",
    thing2: "商品",
    thing3: "快递公司",
    character_string4: "运单号",
    time5: "发货时间",
  },
  orderDelivered: {
    character_string1: "订单号",
    thing2: "商品",
    name3: "签收人",
    time4: "签收时间",
  },
  orderAmended: {
    character_string1: "订单号",
    thing2: "商品",
    amount3: "新金额",
    thing4: "原金额",
    time5: "修改时间",
  },
  orderAlert: { thing1: "提醒", character_string2: "订单号", time3: "时间" },
};

const WECHAT_AMOUNT = /^¥(\d+\.\d{2})$/;

/**
 * Formats an amount field for display. WeChat's amount format has no
 * thousands separator ("¥2583.45"), so the inbox regroups it with
 * formatYuan ("¥2,583.45"). Other values, including an amount whose fen
 * were dropped to fit 10 digits, are returned unchanged.
 */
export function displayValue(key: string, value: string): string {
  if (!key.startsWith("amount")) return value;
  const match = WECHAT_AMOUNT.exec(value);
  return match ? formatYuan(parseYuanToFen(match[1])) : value;
}

/** The message's fields as label and value, in the template's order. */
export function labelledFields(message: InboxMessageView): { label: string; value: string; key: string }[] {
  const labels = FIELD_LABELS[message.template] ?? {};
  return Object.entries(message.fields)
    .sort(([a], [b]) => Number(a.replace(/\D/g, "")) - Number(b.replace(/\D/g, "")))
    .map(([key, value]) => ({ key, label: labels[key] ?? "", value: displayValue(key, value) }));
}
