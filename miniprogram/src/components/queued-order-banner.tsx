import { useEffect, useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import {
  flushQueuedOrder,
  loadQueuedOrder,
  onQueueChange,
  type FlushResult,
  type QueuedOrder,
} from "../cart/order-outbox";
import { ErrorBanner } from "./error-banner";
import { Button } from "../ui/nutui";

/**
 * Shows an order that waits for the network, with a button to try now,
 * and what happened when it was finally sent.
 */
export function QueuedOrderBanner() {
  const [queued, setQueued] = useState<QueuedOrder | null>(loadQueuedOrder);
  const [outcome, setOutcome] = useState<FlushResult | null>(null);

  useDidShow(() => setQueued(loadQueuedOrder()));
  useEffect(
    () =>
      onQueueChange((result) => {
        setQueued(loadQueuedOrder());
        setOutcome(result);
        if (result.kind === "placed") {
          void Taro.showToast({ title: "离线订单已提交", icon: "success" });
        }
      }),
    [],
  );

  async function retryNow(): Promise<void> {
    const result = await flushQueuedOrder();
    setQueued(loadQueuedOrder());
    if (result.kind === "still-offline") {
      void Taro.showToast({ title: "仍无网络，稍后自动提交", icon: "none" });
    }
  }

  return (
    <>
      {queued ? (
        <View className="hint" data-testid="queued-order">
          <Text>
            订单「{queued.summary}」已保存，网络恢复后自动提交，请勿重复下单。
          </Text>
          <View className="queued__retry">
            <Button size="small" onClick={() => void retryNow()}>
              立即重试
            </Button>
          </View>
        </View>
      ) : null}
      {outcome?.kind === "placed" ? (
        <Text className="hint" data-testid="queued-order-placed">
          离线订单已提交：{outcome.order.orderNo}
        </Text>
      ) : null}
      {outcome?.kind === "rejected" ? (
        <ErrorBanner error={outcome.error} />
      ) : null}
    </>
  );
}
