import { View } from "@tarojs/components";

import { formatYuan } from "../../../shared/money";
import { Tag } from "../ui/nutui";

interface CustomerBadgesProps {
  outstandingFen: number;
  overdueFen: number;
}

/** Debt and overdue badges a salesperson sees before ordering for a customer. */
export function CustomerBadges({
  outstandingFen,
  overdueFen,
}: CustomerBadgesProps) {
  return (
    <View className="customer-badges">
      {overdueFen > 0 ? (
        <View className="customer-badges__item" data-testid="overdue-badge">
          <Tag type="danger">逾期 {formatYuan(overdueFen)}</Tag>
        </View>
      ) : null}
      {outstandingFen > 0 ? (
        <View className="customer-badges__item" data-testid="debt-badge">
          <Tag type="warning" plain>
            欠款 {formatYuan(outstandingFen)}
          </Tag>
        </View>
      ) : (
        <View className="customer-badges__item" data-testid="debt-badge">
          <Tag type="success" plain>
            无欠款
          </Tag>
        </View>
      )}
    </View>
  );
}
