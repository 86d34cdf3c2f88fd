import { useEffect, useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import type { OrderView } from "../../../../shared/schemas/order";
import { approveOrder, rejectOrder } from "../../api/orders";
import { ErrorBanner } from "../../components/error-banner";
import { OrderFlags } from "../../components/order-flags";
import { RejectSheet } from "../../components/reject-sheet";
import { hasCreditHold, ReleaseHold } from "../../components/release-hold";
import { signOutIfUnauthenticated } from "../../session/use-session";
import { Button } from "../../ui/nutui";
import { OrderSearch } from "./order-search";
import { checkStockNow, loadReviewQueue } from "./review-queue";
import "./index.css";

function openOrder(order: OrderView): void {
  void Taro.navigateTo({
    url: `/pages/order-detail/index?orderId=${encodeURIComponent(order.orderId)}`,
  });
}

function waitedText(createdAt: string): string {
  const hours = Math.floor((Date.now() - Date.parse(createdAt)) / 3_600_000);
  if (hours < 1) return "刚刚提交";
  return hours >= 24 ? `已等待 ${Math.floor(hours / 24)} 天` : `已等待 ${hours} 小时`;
}

interface QueueRowProps {
  order: OrderView;
  isBusy: boolean;
  onApprove: () => void;
  onReject: () => void;
  onReleased: (order: OrderView) => void;
}

function QueueRow({ order, isBusy, onApprove, onReject, onReleased }: QueueRowProps) {
  const [stockWarnings, setStockWarnings] = useState<string[]>([]);

  useEffect(() => {
    let isCurrent = true;
    // A failed stock check only hides its warnings; the row still works.
    checkStockNow(order).then(
      (warnings) => isCurrent && setStockWarnings(warnings),
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [order]);

  return (
    <View
      className="card review-row"
      data-testid="review-row"
      data-order-id={order.orderId}
      data-order-no={order.orderNo}
    >
      <View className="review-row__body" onClick={() => openOrder(order)}>
        <View className="review-row__head">
          <Text className="review-row__no">{order.orderNo}</Text>
          <Text className="price">{formatYuan(order.totalFen)}</Text>
        </View>
        <Text className="review-row__customer">{order.customerName}</Text>
        <Text className="muted">
          {formatChinaTime(order.createdAt)} · {waitedText(order.createdAt)} ·{" "}
          {order.lines.length} 种商品
        </Text>
        <OrderFlags flags={order.flags} extra={stockWarnings} />
      </View>
      <View className="review-row__actions">
        {hasCreditHold(order) ? (
          <ReleaseHold size="small" order={order} onReleased={onReleased} />
        ) : null}
        <View data-testid="approve-order">
          <Button type="primary" disabled={isBusy || hasCreditHold(order)} onClick={onApprove}>
            通过
          </Button>
        </View>
        <View data-testid="reject-order">
          <Button type="danger" fill="outline" disabled={isBusy} onClick={onReject}>
            驳回
          </Button>
        </View>
      </View>
    </View>
  );
}

export default function ReviewPage() {
  const [orders, setOrders] = useState<OrderView[]>([]);
  const [isTruncated, setTruncated] = useState(false);
  const [isLoading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<OrderView | null>(null);

  async function reload(): Promise<void> {
    setLoading(true);
    setError(null);
    try {
      const queue = await loadReviewQueue();
      setOrders(queue.orders);
      setTruncated(queue.isTruncated);
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
    } finally {
      setLoading(false);
    }
  }

  useDidShow(() => void reload());

  async function decide(order: OrderView, reason: string | null): Promise<void> {
    if (busyId) return;
    setBusyId(order.orderId);
    setError(null);
    try {
      if (reason === null) await approveOrder(order.orderId);
      else await rejectOrder(order.orderId, reason);
      setOrders((current) => current.filter((item) => item.orderId !== order.orderId));
      setRejecting(null);
      void Taro.showToast({
        title: reason === null ? "已通过" : "已驳回",
        icon: "success",
      });
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
      // Another clerk may have decided it first; show the queue as it is now.
      void reload();
    } finally {
      setBusyId(null);
    }
  }

  return (
    <View className="page review-page">
      <OrderSearch />
      <View className="review-page__summary" data-testid="queue-size">
        <Text className="review-page__title">待审核 {orders.length} 单</Text>
        <Text className="muted">最早提交的排在最前</Text>
      </View>
      {isTruncated ? (
        <Text className="hint">待审核订单过多，仅显示最早的一部分</Text>
      ) : null}
      <ErrorBanner error={error} onRetry={() => void reload()} />
      {orders.map((order) => (
        <QueueRow
          key={order.orderId}
          order={order}
          isBusy={busyId !== null}
          onApprove={() => void decide(order, null)}
          onReject={() => setRejecting(order)}
          onReleased={(released) =>
            setOrders((current) =>
              current.map((item) => (item.orderId === released.orderId ? released : item)),
            )
          }
        />
      ))}
      {isLoading && orders.length === 0 ? <Text className="empty">加载中…</Text> : null}
      {!isLoading && !error && orders.length === 0 ? (
        <Text className="empty" data-testid="queue-empty">
          没有待审核的订单
        </Text>
      ) : null}
      <RejectSheet
        isOpen={rejecting !== null}
        isBusy={busyId !== null}
        onClose={() => setRejecting(null)}
        onReject={(reason) => {
          if (rejecting) void decide(rejecting, reason);
        }}
      />
    </View>
  );
}
