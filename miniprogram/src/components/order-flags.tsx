import { View } from "@tarojs/components";

import { formatYuan } from "../../../shared/money";
import type { OrderFlag } from "../../../shared/schemas/order";
import { Tag } from "../ui/nutui";

function fen(flag: OrderFlag, key: string): string {
  const value = flag.details?.[key];
  return typeof value === "number" ? formatYuan(value) : "?";
}

/** Text of one exception flag, with the numbers a clerk decides on. */
export function describeFlag(flag: OrderFlag): string {
  switch (flag.code) {
    case "CREDIT_HOLD":
      return "信用待审：客户信用超限，需人工确认";
    case "OVERDUE_DEBT":
      return `有逾期欠款 ${fen(flag, "overdueFen")}`;
    case "OVER_CREDIT_LIMIT":
      return (
        `超出信用额度：额度 ${fen(flag, "creditLimitFen")}，` +
        `已欠 ${fen(flag, "outstandingFen")}，本单 ${fen(flag, "orderTotalFen")}`
      );
    case "PRICE_OVERRIDDEN":
      return (
        `议价：${String(flag.details?.reason ?? "")}，` +
        `原价 ${fen(flag, "standardFen")}，议价 ${fen(flag, "negotiatedFen")}`
      );
    default:
      return String((flag as { code: string }).code);
  }
}

interface OrderFlagsProps {
  flags: readonly OrderFlag[];
  /** Extra warnings found on the client, e.g. stock short right now. */
  extra?: readonly string[];
}

/** Lists an order's exception flags as red tags; nothing when clean. */
export function OrderFlags({ flags, extra = [] }: OrderFlagsProps) {
  if (flags.length === 0 && extra.length === 0) return null;
  return (
    <View className="order-flags" data-testid="order-flags">
      {flags.map((flag) => (
        <View
          key={flag.code}
          className="order-flags__item"
          data-testid="order-flag"
          data-code={flag.code}
        >
          <Tag type="danger" plain>
            {describeFlag(flag)}
          </Tag>
        </View>
      ))}
      {extra.map((text) => (
        <View
          key={text}
          className="order-flags__item"
          data-testid="order-flag"
          data-code="STOCK_SHORT_NOW"
        >
          <Tag type="warning" plain>
            {text}
          </Tag>
        </View>
      ))}
    </View>
  );
}
