import { useState } from "react";
import Taro from "@tarojs/taro";
import { View } from "@tarojs/components";

import type { OrderView } from "../../../../shared/schemas/order";
import { confirmReceipt } from "../../api/fulfilment";
import { ErrorBanner } from "../../components/error-banner";
import {
  canSubscribe,
  noticesAhead,
  subscribeToNotices,
  type SubscribeOutcome,
} from "../../notices/subscribe";
import { signOutIfUnauthenticated } from "../../session/use-session";
import { Button, Dialog } from "../../ui/nutui";
import "./shipments.css";

const SUBSCRIBE_TOASTS: Record<SubscribeOutcome["kind"], string> = {
  subscribed: "已订阅，有进展会通知您",
  declined: "未开启通知",
  unavailable: "通知暂未开通",
};

interface CustomerActionsProps {
  order: OrderView;
  /** Called after a change so the page shows the order as it is now. */
  onChanged: () => void;
}

/**
 * Renders what a customer can do on their own order after placing it:
 * subscribe to its next notices, and confirm receipt (签收) once goods are
 * on the way.
 */
export function CustomerActions({ order, onChanged }: CustomerActionsProps) {
  const [isConfirming, setConfirming] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const notices = noticesAhead(order.status);
  const hasUnreceived = (order.shipments ?? []).some((shipment) => !shipment.receipt);
  const canSign = (order.status === "shipped" || order.status === "partially_shipped") && hasUnreceived;

  async function subscribe(): Promise<void> {
    setError(null);
    try {
      const outcome = await subscribeToNotices(notices);
      void Taro.showToast({
        title: SUBSCRIBE_TOASTS[outcome.kind],
        icon: outcome.kind === "subscribed" ? "success" : "none",
      });
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
    }
  }

  async function sign(): Promise<void> {
    setConfirming(false);
    if (isBusy) return;
    setBusy(true);
    setError(null);
    try {
      await confirmReceipt(order.orderId);
      void Taro.showToast({ title: "已签收", icon: "success" });
      onChanged();
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
      onChanged();
    } finally {
      setBusy(false);
    }
  }

  if (!canSign && !canSubscribe(notices)) return null;
  return (
    <>
      <ErrorBanner error={error} />
      {canSign ? (
        <View data-testid="confirm-receipt">
          <Button block type="primary" loading={isBusy} onClick={() => setConfirming(true)}>
            确认收货（签收）
          </Button>
        </View>
      ) : null}
      {canSubscribe(notices) ? (
        <View data-testid="subscribe-notices">
          <Button block fill="outline" onClick={() => void subscribe()}>
            订阅订单通知
          </Button>
        </View>
      ) : null}
      <Dialog
        visible={isConfirming}
        title="确认收货"
        content="请确认货物已收到且数量无误。签收后将计入应付款。"
        confirmText="确认签收"
        cancelText="再等等"
        onConfirm={() => void sign()}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}
