import { useEffect, useRef, useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import { ORDER_STATUS_LABELS } from "../../../../shared/order-status";
import type { OrderView } from "../../../../shared/schemas/order";
import { ErrorBanner } from "../../components/error-banner";
import { nameWithRole, ROLE_LABELS } from "../../session/ordering";
import { targetCustomerId } from "../../session/ordering";
import { useSession } from "../../session/use-session";
import { Button, TabPane, Tabs } from "../../ui/nutui";
import { STATUS_TABS } from "./status-tabs";
import { useOrders } from "./use-orders";
import "./index.css";

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
  const { isSignedIn, session, role, target } = useSession();
  const [tabKey, setTabKey] = useState("all");
  const tab = STATUS_TABS.find((item) => item.key === tabKey) ?? STATUS_TABS[0];
  // Staff ordering for a customer see that customer's history here.
  const customerId = role === "customer" ? undefined : targetCustomerId(target);
  const orders = useOrders(tab.statuses, customerId);
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
          {nameWithRole(session.user.name, ROLE_LABELS[role])}：
          {target.kind === "customer"
            ? `显示「${target.customer.name}」的订单`
            : "显示您有权查看的订单"}
        </Text>
      ) : null}

      <View className="orders-page__tabs" data-testid="status-tabs">
        <Tabs
          value={tabKey}
          onChange={(value) => setTabKey(String(value))}
          activeType="line"
        >
          {STATUS_TABS.map((item) => (
            <TabPane
              key={item.key}
              value={item.key}
              title={item.title}
            />
          ))}
        </Tabs>
      </View>

      <ErrorBanner error={orders.error} onRetry={reload} />

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
        <View className="load-more" data-testid="load-more">
          <Button block onClick={orders.loadMore}>
            加载更多
          </Button>
        </View>
      ) : null}
    </View>
  );
}
