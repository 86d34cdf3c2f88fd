import Taro, { useRouter } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import {
  ORDER_STATUS_LABELS,
  statusesAllowing,
} from "../../../../shared/order-status";
import type {
  OrderFlagCode,
  OrderView,
  TimelineEvent,
} from "../../../../shared/schemas/order";
import { ErrorBanner } from "../../components/error-banner";
import { isRole, ROLE_LABELS } from "../../session/ordering";
import { useSession } from "../../session/use-session";
import { useOrder } from "./use-order";
import { presentIf } from "../../components/present-if";
import "./index.css";

const FLAG_LABELS: Record<OrderFlagCode, string> = {
  CREDIT_HOLD: "信用冻结",
  OVERDUE_DEBT: "有逾期欠款",
  OVER_CREDIT_LIMIT: "超出信用额度",
};

// Labels of audit actions in the timeline. Unknown actions show as recorded.
const TIMELINE_LABELS: Record<string, string> = {
  place: "提交订单",
  approve: "审核通过",
  reject: "审核驳回",
  cancel: "取消订单",
  confirmPicked: "拣货完成",
  ship: "发货",
  confirmReceipt: "确认签收",
  complete: "完成",
  recordPayment: "登记收款",
};

function describeActor(event: TimelineEvent): string {
  const role = isRole(event.actorRole)
    ? ROLE_LABELS[event.actorRole]
    : event.actorRole;
  return event.actorName ? `${event.actorName}（${role}）` : role;
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
            className="status-badge"
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
        {order.remark ? (
          <Text className="detail__meta">备注：{order.remark}</Text>
        ) : null}
        {order.flags.map((flag) => (
          <Text key={flag.code} className="shortage detail__meta">
            {FLAG_LABELS[flag.code] ?? flag.code}
          </Text>
        ))}
      </View>

      <View className="card">
        {order.lines.map((line) => (
          <View
            key={line.lineNo}
            className="detail__line"
            data-testid="order-line"
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

      {order.timeline && order.timeline.length > 0 ? (
        <View className="card" data-testid="timeline">
          {order.timeline.map((event) => (
            <View key={event.eventId} className="detail__event">
              <Text>{TIMELINE_LABELS[event.action] ?? event.action}</Text>
              <Text className="muted">
                {describeActor(event)} · {formatChinaTime(event.at)}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </>
  );
}

export default function OrderDetailPage() {
  const { isSignedIn, role } = useSession();
  const orderId = useRouter().params.orderId ?? "";
  const { order, isLoading, isCancelling, error, cancel } = useOrder(
    orderId,
    isSignedIn,
  );
  const canCancel =
    order !== null && statusesAllowing("cancel", role).includes(order.status);

  async function confirmCancel(): Promise<void> {
    const answer = await Taro.showModal({
      title: "取消订单",
      content: "取消后预留的库存将释放，确定取消吗？",
      confirmText: "取消订单",
      cancelText: "再想想",
    });
    if (answer.confirm) await cancel();
  }

  return (
    <View className="page order-detail-page">
      <ErrorBanner error={error} />
      {order ? <OrderBody order={order} /> : null}
      {isLoading && !order ? <Text className="empty">加载中…</Text> : null}
      {canCancel ? (
        <Button
          className="detail__cancel"
          data-testid="cancel-order"
          type="warn"
          loading={presentIf(isCancelling)}
          disabled={presentIf(isCancelling)}
          onClick={() => void confirmCancel()}
        >
          取消订单
        </Button>
      ) : null}
    </View>
  );
}
