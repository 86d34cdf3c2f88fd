import { useEffect, useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import { ORDER_STATUS_LABELS } from "../../../../shared/order-status";
import type { OrderView } from "../../../../shared/schemas/order";
import { listOrders } from "../../api/orders";
import { ErrorBanner } from "../../components/error-banner";

const HISTORY_SIZE = 5;

/** Loads and lists the latest orders of one customer. */
export function CustomerHistory({ customerId }: { customerId: string }) {
  const [orders, setOrders] = useState<OrderView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let isCurrent = true;
    setError(null);
    listOrders({ customerId, limit: HISTORY_SIZE }).then(
      (page) => isCurrent && setOrders(page.items),
      (failure: unknown) => isCurrent && setError(failure),
    );
    return () => {
      isCurrent = false;
    };
  }, [customerId, attempt]);

  return (
    <View className="customer__history" data-testid="customer-history">
      <ErrorBanner error={error} onRetry={() => setAttempt((n) => n + 1)} />
      {orders === null && !error ? <Text className="muted">加载中…</Text> : null}
      {orders?.length === 0 ? <Text className="muted">暂无订单</Text> : null}
      {orders?.map((order) => (
        <View
          key={order.orderId}
          className="customer__history-row"
          data-testid="history-order"
          onClick={() =>
            void Taro.navigateTo({
              url: `/pages/order-detail/index?orderId=${encodeURIComponent(order.orderId)}`,
            })
          }
        >
          <Text>{order.orderNo}</Text>
          <Text className="muted">
            {formatChinaTime(order.createdAt)} · {ORDER_STATUS_LABELS[order.status]} ·{" "}
            {formatYuan(order.totalFen)}
          </Text>
        </View>
      ))}
    </View>
  );
}
