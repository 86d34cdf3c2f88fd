import { useRef, useState } from "react";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import {
  ORDER_STATUS_LABELS,
  statusesAllowing,
} from "../../../../shared/order-status";
import type { OrderView, TimelineEvent } from "../../../../shared/schemas/order";
import { ErrorBanner } from "../../components/error-banner";
import { OrderFlags } from "../../components/order-flags";
import { RejectSheet } from "../../components/reject-sheet";
import { canReleaseHold, ReleaseHold } from "../../components/release-hold";
import { useReorder } from "../../components/reorder-sheet";
import {
  canPlaceOrders,
  isRole,
  nameWithRole,
  ROLE_LABELS,
  targetCustomerId,
} from "../../session/ordering";
import { useSession } from "../../session/use-session";
import { Button, Dialog } from "../../ui/nutui";
import { CustomerActions } from "./customer-actions";
import { ShipmentsCard } from "./shipments-card";
import { timelineNote } from "./timeline-note";
import { useOrder } from "./use-order";
import "./index.css";

// Labels of audit actions in the timeline. Unknown actions show as recorded.
const TIMELINE_LABELS: Record<string, string> = {
  "order.placed": "提交订单",
  "order.approved": "审核通过",
  "order.rejected": "审核驳回",
  "order.cancelled": "取消订单",
  "order.amended": "内勤修改订单",
  "order.picked": "拣货完成",
  "order.shipped": "发货",
  "order.delivered": "确认签收",
  "order.received": "部分签收",
  "order.credit_released": "解除信用暂扣",
  "order.completed": "完成",
};

function describeActor(event: TimelineEvent): string {
  const role = isRole(event.actorRole)
    ? ROLE_LABELS[event.actorRole]
    : event.actorRole;
  return event.actorName ? nameWithRole(event.actorName, role) : role;
}

function Timeline({ events }: { events: readonly TimelineEvent[] }) {
  return (
    <View className="card" data-testid="timeline">
      <Text className="detail__section">订单进度</Text>
      {events.map((event, index) => (
        <View
          key={event.eventId}
          className={
            index === events.length - 1
              ? "timeline__event timeline__event--latest"
              : "timeline__event"
          }
          data-testid="timeline-event"
          data-action={event.action}
        >
          <View className="timeline__dot" />
          <View className="timeline__body">
            <Text className="timeline__title">
              {TIMELINE_LABELS[event.action] ?? event.action}
            </Text>
            <Text className="muted">
              {describeActor(event)} · {formatChinaTime(event.at)}
            </Text>
            {timelineNote(event) ? (
              <Text className="timeline__note" data-testid="timeline-note">
                {timelineNote(event)}
              </Text>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  );
}

function OrderBody({ order }: { order: OrderView }) {
  return (
    <>
      <View className="card">
        <View className="detail__head">
          <Text className="detail__no" data-testid="order-no">
            {order.orderNo}
          </Text>
          <Text
            className={`status-badge status-badge--${order.status}`}
            data-testid="order-status"
            data-status={order.status}
          >
            {ORDER_STATUS_LABELS[order.status]}
          </Text>
        </View>
        <Text className="detail__meta">客户：{order.customerName}</Text>
        <Text className="detail__meta">
          下单时间：{formatChinaTime(order.createdAt)}
        </Text>
        {order.address ? (
          <Text className="detail__meta">
            收货：{order.address.contact} {order.address.city}
            {order.address.district}
            {order.address.detail}
          </Text>
        ) : null}
        {order.remark ? (
          <Text className="detail__meta">备注：{order.remark}</Text>
        ) : null}
        <OrderFlags flags={order.flags} />
      </View>

      <View className="card">
        {order.lines.map((line) => (
          <View
            key={line.lineNo}
            className="detail__line"
            data-testid="order-line"
            data-sku-id={line.skuId}
            data-quantity={line.quantity}
          >
            <Text className="detail__line-name">{line.name}</Text>
            <Text className="muted">
              {Object.values(line.specs).join(" / ")} ·{" "}
              {formatYuan(line.priceFen)}/{line.unit} × {line.quantity}{" "}
              {line.unit}
            </Text>
            <Text className="price">{formatYuan(line.amountFen)}</Text>
          </View>
        ))}
        <View className="detail__total">
          <Text>合计</Text>
          <Text className="price" data-testid="order-total">
            {formatYuan(order.totalFen)}
          </Text>
        </View>
      </View>

      <ShipmentsCard order={order} />

      {order.timeline && order.timeline.length > 0 ? (
        <Timeline events={order.timeline} />
      ) : null}
    </>
  );
}

export default function OrderDetailPage() {
  const { isSignedIn, role, target } = useSession();
  const orderId = useRouter().params.orderId ?? "";
  const { order, isLoading, isBusy, error, reload, run } = useOrder(
    orderId,
    isSignedIn,
  );
  const [isRejecting, setRejecting] = useState(false);
  const [isConfirmingCancel, setConfirmingCancel] = useState(false);
  const reorder = useReorder();
  const hasShown = useRef(false);

  // Coming back from the amend page must show the changed order.
  useDidShow(() => {
    if (hasShown.current) reload();
    hasShown.current = true;
  });

  const canCancel =
    order !== null && statusesAllowing("cancel", role).includes(order.status);
  const canReview =
    order !== null && statusesAllowing("approve", role).includes(order.status);
  const canAmend =
    order !== null &&
    (role === "clerk" || role === "manager") &&
    order.status === "approved";
  // Reorder needs a cart for this order's customer: the customer
  // themself, or staff who currently order for that customer.
  const canReorder =
    order !== null &&
    canPlaceOrders(target) &&
    (role === "customer" || targetCustomerId(target) === order.customerId);

  async function approve(): Promise<void> {
    if (await run({ kind: "approve" })) {
      void Taro.showToast({ title: "已审核通过", icon: "success" });
    }
  }

  async function reject(reason: string): Promise<void> {
    if (await run({ kind: "reject", reason })) {
      setRejecting(false);
      void Taro.showToast({ title: "已驳回", icon: "success" });
    }
  }

  return (
    <View className="page order-detail-page">
      <ErrorBanner error={error} onRetry={order ? undefined : reload} />
      {order ? <OrderBody order={order} /> : null}
      {isLoading && !order ? <Text className="empty">加载中…</Text> : null}

      <View className="detail__actions">
        {order && role === "customer" ? (
          <CustomerActions order={order} onChanged={reload} />
        ) : null}
        {order && canReleaseHold(order, role) ? (
          <ReleaseHold order={order} onReleased={reload} />
        ) : null}
        {canReview ? (
          <>
            <View data-testid="approve-order">
              <Button block type="primary" loading={isBusy} onClick={() => void approve()}>
                审核通过
              </Button>
            </View>
            <View data-testid="reject-order">
              <Button block type="danger" fill="outline" onClick={() => setRejecting(true)}>
                驳回
              </Button>
            </View>
          </>
        ) : null}
        {canAmend && order ? (
          <View data-testid="amend-order">
            <Button
              block
              onClick={() =>
                void Taro.navigateTo({
                  url: `/staff/amend/index?orderId=${encodeURIComponent(order.orderId)}`,
                })
              }
            >
              修改订单
            </Button>
          </View>
        ) : null}
        {canReorder && order ? (
          <View data-testid="reorder">
            <Button
              block
              type="primary"
              fill="outline"
              onClick={() => reorder.start(order, targetCustomerId(target))}
            >
              再来一单
            </Button>
          </View>
        ) : null}
        {canCancel ? (
          <View data-testid="cancel-order">
            <Button
              block
              type="danger"
              fill="outline"
              loading={isBusy}
              onClick={() => setConfirmingCancel(true)}
            >
              取消订单
            </Button>
          </View>
        ) : null}
      </View>

      <Dialog
        visible={isConfirmingCancel}
        title="取消订单"
        content="取消后预留的库存将释放，确定取消吗？"
        confirmText="取消订单"
        cancelText="再想想"
        onConfirm={() => {
          setConfirmingCancel(false);
          void run({ kind: "cancel" });
        }}
        onCancel={() => setConfirmingCancel(false)}
      />
      <RejectSheet
        isOpen={isRejecting}
        isBusy={isBusy}
        onClose={() => setRejecting(false)}
        onReject={(reason) => void reject(reason)}
      />
      {reorder.sheet}
    </View>
  );
}
