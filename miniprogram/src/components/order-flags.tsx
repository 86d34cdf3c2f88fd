import { View } from "@tarojs/components";

import type { OrderFlag } from "../../../shared/schemas/order";
import { Tag } from "../ui/nutui";
import { describeFlag } from "./flag-text";

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
