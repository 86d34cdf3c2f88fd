import Taro, { useRouter } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import {
  ORDER_STATUSES,
  ORDER_STATUS_LABELS,
  type OrderStatus,
} from "../../../../shared/order-status";
import { listOrders } from "../../api/orders";
import { ErrorBanner } from "../../components/error-banner";
import { usePagedReport } from "../components/use-report";
import "../components/manager.css";

function statusOf(value: string | undefined): OrderStatus | undefined {
  return ORDER_STATUSES.find((status) => status === value);
}

/** The orders behind a dashboard or report figure, from the filters in the page's query. */
export default function DrillDownOrdersPage() {
  const { params } = useRouter();
  const filter = {
    customerId: params.customerId
      ? decodeURIComponent(params.customerId)
      : undefined,
    status: statusOf(params.status),
    from: params.from,
    to: params.to,
  };
  const key = JSON.stringify(filter);
  const orders = usePagedReport(key, (cursor) =>
    listOrders({ ...filter, cursor, limit: 20 }),
  );

  return (
    <View className="manager-page" data-testid="drill-down-orders">
      <View className="manager-card">
        <Text className="manager-card__title">
          {params.title ? decodeURIComponent(params.title) : "订单"}
        </Text>
        <Text className="manager-row__sub">
          {[
            filter.from && `${filter.from} 至 ${filter.to ?? filter.from}`,
            filter.status && ORDER_STATUS_LABELS[filter.status],
          ]
            .filter(Boolean)
            .join("，")}
        </Text>
        {orders.rows.map((order) => (
          <View
            key={order.orderId}
            className="manager-row"
            data-testid="drill-down-order"
            onClick={() =>
              void Taro.navigateTo({
                url: `/pages/order-detail/index?orderId=${encodeURIComponent(order.orderId)}`,
              })
            }
          >
            <View className="manager-row__main">
              <Text>
                {order.orderNo} {order.customerName}
              </Text>
              <Text className="manager-row__sub">
                {formatChinaTime(order.createdAt)}{" "}
                {ORDER_STATUS_LABELS[order.status]}
              </Text>
            </View>
            <Text className="manager-row__value">
              {formatYuan(order.totalFen)}
            </Text>
          </View>
        ))}
        {!orders.isLoading && orders.rows.length === 0 && !orders.error ? (
          <Text className="empty">没有订单</Text>
        ) : null}
        {orders.isLoading ? <Text className="empty">加载中…</Text> : null}
      </View>
      <ErrorBanner error={orders.error} />
      {orders.hasMore && !orders.isLoading ? (
        <Button onClick={orders.loadMore}>加载更多</Button>
      ) : null}
    </View>
  );
}
