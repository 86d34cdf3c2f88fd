import { useState } from "react";
import Taro from "@tarojs/taro";
import { Input, Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import { ORDER_STATUS_LABELS } from "../../../../shared/order-status";
import type { OrderView } from "../../../../shared/schemas/order";
import { confirmReceipt } from "../../api/fulfilment";
import { ErrorBanner } from "../../components/error-banner";
import { signOutIfUnauthenticated } from "../../session/use-session";
import { Button, Dialog } from "../../ui/nutui";
import { unreceivedShipments } from "../order-lines";
import { WarehouseOrderCard } from "../order-card";
import { useWarehouseOrder } from "../use-warehouse-order";
import "../warehouse.css";

// The server's limit for signerName (ConfirmReceiptRequest).
const SIGNER_NAME_MAX_LENGTH = 20;

function PendingShipments({ order }: { order: OrderView }) {
  const pending = unreceivedShipments(order);
  if (pending.length === 0) {
    return (
      <Text className="hint" data-testid="nothing-to-receive">
        该订单没有待签收的发货
      </Text>
    );
  }
  return (
    <View className="card">
      <Text className="wh-section">待签收的发货</Text>
      {pending.map((shipment) => (
        <View key={shipment.shipmentId} className="wh-line" data-testid="pending-shipment">
          <Text className="wh-line__name">
            {shipment.carrierName} {shipment.trackingNo}
          </Text>
          <Text className="muted" style={{ display: "block" }}>
            发货 {formatChinaTime(shipment.shippedAt)} ·{" "}
            {shipment.lines
              .map((shipped) => {
                const line = order.lines.find((candidate) => candidate.lineNo === shipped.lineNo);
                return line ? `${line.name} ${shipped.quantity} ${line.unit}` : "";
              })
              .filter((text) => text !== "")
              .join("，")}
          </Text>
        </View>
      ))}
    </View>
  );
}

export default function ReceiptPage() {
  const remote = useWarehouseOrder();
  const { data: order, reload, orderId } = remote;
  const [signerName, setSignerName] = useState("");
  const [isConfirming, setConfirming] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [received, setReceived] = useState<OrderView | null>(null);

  const trimmed = signerName.trim();
  const hasPending = order !== null && unreceivedShipments(order).length > 0;

  // Signing cannot be undone and creates the customer's receivable, so the
  // button only opens a dialog and the dialog's confirm button signs.
  function askToConfirm(): void {
    if (isSaving) return;
    if (trimmed === "") {
      void Taro.showToast({ title: "请填写签收人姓名", icon: "none" });
      return;
    }
    setConfirming(true);
  }

  async function confirm(): Promise<void> {
    setConfirming(false);
    if (isSaving) return;
    setSaving(true);
    setSaveError(null);
    try {
      setReceived(await confirmReceipt(orderId, trimmed));
      void Taro.showToast({ title: "已签收", icon: "success" });
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setSaveError(failure);
      reload();
    } finally {
      setSaving(false);
    }
  }

  return (
    <View className="page warehouse-page">
      <WarehouseOrderCard
        remote={remote}
        statusLabel={order ? ORDER_STATUS_LABELS[(received ?? order).status] : ""}
      />

      {received ? (
        <View className="card wh-done" data-testid="receipt-done" data-status={received.status}>
          <Text className="wh-done__title">已代客签收</Text>
          <Text className="muted">签收人：{trimmed}</Text>
          <View className="wh-actions">
            <Button block onClick={() => void Taro.navigateBack()}>
              返回
            </Button>
          </View>
        </View>
      ) : null}

      {order && !received ? <PendingShipments order={order} /> : null}
      <ErrorBanner error={saveError} />

      {order && hasPending && !received ? (
        <View className="card">
          <Text className="wh-section">签收人</Text>
          <Text className="muted">客户或收货人的姓名，会记入订单记录</Text>
          <Input
            className="wh-field"
            data-testid="signer-name"
            placeholder="签收人姓名"
            maxlength={SIGNER_NAME_MAX_LENGTH}
            value={signerName}
            onInput={(event) => setSignerName(event.detail.value)}
          />
          <View className="wh-actions" data-testid="confirm-receipt">
            <Button block type="primary" loading={isSaving} onClick={askToConfirm}>
              确认签收
            </Button>
          </View>
        </View>
      ) : null}
      <Dialog
        visible={isConfirming}
        title="代客签收"
        content={`签收人：${trimmed}。请确认货物已送到且数量无误。签收后不能撤销，将计入客户应付款。`}
        confirmText="确认签收"
        cancelText="再等等"
        onConfirm={() => void confirm()}
        onCancel={() => setConfirming(false)}
      />
    </View>
  );
}
