import { useEffect, useRef, useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Button, Picker, Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import {
  ORDER_STATUSES,
  ORDER_STATUS_LABELS,
  type OrderStatus,
} from "../../../../shared/order-status";
import type { OrderView } from "../../../../shared/schemas/order";
import { ErrorBanner } from "../../components/error-banner";
import { ROLE_LABELS } from "../../session/ordering";
import { useSession } from "../../session/use-session";
import { useOrders } from "./use-orders";
import "./index.css";

// Index 0 of the status picker means all statuses.
const STATUS_FILTERS: Array<OrderStatus | undefined> = [
  undefined,
  ...ORDER_STATUSES,
];
const STATUS_FILTER_LABELS = STATUS_FILTERS.map((status) =>
  status ? ORDER_STATUS_LABELS[status] : "全部状态",
);

function summarizeLines(order: OrderView): string {
  const [first] = order.lines;
  if (!first) return "";
  const more = order.lines.length > 1 ? ` 等 ${order.lines.length} 种商品` : "";
  return `${first.name} ${first.quantity} ${first.unit}${more}`;
}

function OrderRow({
  order,
  showCustomer,
}: {
  order: OrderView;
  showCustomer: boolean;
}) {
  function open(): void {
    void Taro.navigateTo({
      url: `/pages/order-detail/index?orderId=${encodeURIComponent(order.orderId)}`,
    });
  }

  return (
    <View
      className="card order-row"
      data-testid="order-row"
      data-order-id={order.orderId}
      data-status={order.status}
      onClick={open}
    >
      <View className="order-row__head">
        <Text className="order-row__no" data-testid="order-no">
          {order.orderNo}
        </Text>
        <Text
          className={`status-badge status-badge--${order.status}`}
          data-testid="order-status"
        >
          {ORDER_STATUS_LABELS[order.status]}
        </Text>
      </View>
      {showCustomer ? (
        <Text className="order-row__customer">{order.customerName}</Text>
      ) : null}
      <Text className="muted order-row__lines">{summarizeLines(order)}</Text>
      <View className="order-row__foot">
        <Text className="muted">{formatChinaTime(order.createdAt)}</Text>
        <Text className="price" data-testid="order-total">
          {formatYuan(order.totalFen)}
        </Text>
      </View>
    </View>
  );
}

export default function OrdersPage() {
  const { isSignedIn, session, role } = useSession();
  const [filterIndex, setFilterIndex] = useState(0);
  const orders = useOrders(STATUS_FILTERS[filterIndex]);
  const { reload } = orders;

  const hasShown = useRef(false);

  // The effect loads on mount and when the filter changes. Later shows
  // reload too, so a new or cancelled order appears on return to this tab.
  useDidShow(() => {
    if (hasShown.current && isSignedIn) reload();
    hasShown.current = true;
  });
  useEffect(() => {
    if (isSignedIn) reload();
  }, [reload, isSignedIn]);

  return (
    <View className="page orders-page">
      {session && role !== "customer" ? (
        <Text className="hint" data-testid="staff-role">
          {session.user.name}（{ROLE_LABELS[role]}）：显示您有权查看的订单
        </Text>
      ) : null}

      <Picker
        mode="selector"
        range={STATUS_FILTER_LABELS}
        value={filterIndex}
        onChange={(event) => setFilterIndex(Number(event.detail.value))}
      >
        <View className="orders-page__filter" data-testid="status-filter">
          状态：{STATUS_FILTER_LABELS[filterIndex]} ▾
        </View>
      </Picker>

      <ErrorBanner error={orders.error} />

      {orders.orders.map((order) => (
        <OrderRow
          key={order.orderId}
          order={order}
          showCustomer={role !== "customer"}
        />
      ))}

      {!orders.isLoading && orders.orders.length === 0 && !orders.error ? (
        <Text className="empty">暂无订单</Text>
      ) : null}
      {orders.isLoading ? <Text className="empty">加载中…</Text> : null}
      {orders.hasMore && !orders.isLoading ? (
        <Button
          className="load-more"
          data-testid="load-more"
          onClick={orders.loadMore}
        >
          加载更多
        </Button>
      ) : null}
    </View>
  );
}
