import { useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import type { OrderView } from "../../../shared/schemas/order";
import { releaseCreditHold } from "../api/orders";
import { signOutIfUnauthenticated } from "../session/use-session";
import { Button, Popup, TextArea } from "../ui/nutui";
import { ErrorBanner } from "./error-banner";
import "./chip-group.css";
import "./release-hold.css";

// Reasons a clerk gives most often, one tap each.
const COMMON_REASONS = ["客户已承诺近期回款", "经理已批准放行", "客户已付款，待入账"];

/** Returns true when the order waits for review on a credit hold, which blocks approval. */
export function hasCreditHold(order: OrderView): boolean {
  return order.status === "pending_review" && order.flags.some((flag) => flag.code === "CREDIT_HOLD");
}

/** Returns true when the order is on a credit hold that this role may release. */
export function canReleaseHold(order: OrderView, role: string): boolean {
  return (role === "clerk" || role === "manager") && hasCreditHold(order);
}

interface ReleaseHoldProps {
  order: OrderView;
  /** Called with the order after the hold is released. */
  onReleased: (order: OrderView) => void;
  /** NutUI button size; the review desk uses a smaller one. */
  size?: "small" | "normal";
}

/**
 * Renders a button that requests a reason from the clerk, then releases
 * the order's credit hold (orders.releaseHold). The credit flags stay on
 * the order.
 */
export function ReleaseHold({ order, onReleased, size = "normal" }: ReleaseHoldProps) {
  const [isOpen, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const trimmed = reason.trim();

  async function release(): Promise<void> {
    if (isBusy || trimmed === "") return;
    setBusy(true);
    setError(null);
    try {
      const released = await releaseCreditHold(order.orderId, trimmed);
      setOpen(false);
      setReason("");
      void Taro.showToast({ title: "已解除信用暂扣", icon: "success" });
      onReleased(released);
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <View data-testid="release-hold">
        <Button block={size === "normal"} size={size} type="warning" fill="outline" onClick={() => setOpen(true)}>
          解除信用暂扣
        </Button>
      </View>
      <Popup visible={isOpen} position="bottom" round title="解除信用暂扣" onClose={() => setOpen(false)}>
        <View className="sheet release-hold-sheet" data-testid="release-hold-sheet">
          <Text className="sheet__title">说明放行原因（记入订单记录）</Text>
          <View className="chip-group">
            {COMMON_REASONS.map((text) => (
              <View
                key={text}
                className={text === reason ? "chip chip--selected" : "chip"}
                data-testid="release-reason-option"
                onClick={() => setReason(text)}
              >
                <Text>{text}</Text>
              </View>
            ))}
          </View>
          <TextArea
            placeholder="放行原因，最多 200 字"
            maxLength={200}
            rows={2}
            value={reason}
            onChange={(value) => setReason(value)}
          />
          <ErrorBanner error={error} />
          <View data-testid="confirm-release-hold">
            <Button block type="primary" disabled={trimmed === ""} loading={isBusy} onClick={() => void release()}>
              确认放行
            </Button>
          </View>
        </View>
      </Popup>
    </>
  );
}
