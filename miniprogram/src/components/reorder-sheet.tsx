import { useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatYuan } from "../../../shared/money";
import type { OrderView } from "../../../shared/schemas/order";
import { saveCart } from "../cart/cart-storage";
import { planReorder, type ReorderChange, type ReorderPlan } from "../cart/reorder";
import { signOutIfUnauthenticated } from "../session/use-session";
import { Button, Popup } from "../ui/nutui";
import { ErrorBanner } from "./error-banner";

function describeChange(change: ReorderChange): string {
  switch (change.kind) {
    case "gone":
      return `${change.name}（${change.unit}）已下架，不再加入`;
    case "price":
      return (
        `${change.name} 单价 ${formatYuan(change.beforeFen)} → ` +
        `${formatYuan(change.nowFen)}/${change.unit}`
      );
    case "short":
      return change.available > 0
        ? `${change.name} 要 ${change.requested} ${change.unit}，仅剩 ${change.available} ${change.unit}`
        : `${change.name} 暂无库存`;
    case "quantity":
      return `${change.name} 数量 ${change.before} → ${change.now} ${change.unit}（按起订量调整）`;
  }
}

export interface ReorderState {
  start: (order: OrderView, customerId: string | undefined) => void;
  sheet: JSX.Element;
}

/**
 * One-tap reorder: re-quotes a past order at today's prices and stock,
 * shows what changed, and on confirmation puts the lines in the cart.
 */
export function useReorder(): ReorderState {
  const [isOpen, setOpen] = useState(false);
  const [plan, setPlan] = useState<ReorderPlan | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [source, setSource] = useState<{
    order: OrderView;
    customerId: string | undefined;
  } | null>(null);

  function load(order: OrderView, customerId: string | undefined): void {
    setSource({ order, customerId });
    setPlan(null);
    setError(null);
    setOpen(true);
    planReorder(order, customerId).then(setPlan, (failure: unknown) => {
      signOutIfUnauthenticated(failure);
      setError(failure);
    });
  }

  function confirm(): void {
    if (!plan) return;
    saveCart(plan.cart);
    setOpen(false);
    void Taro.switchTab({ url: "/pages/cart/index" });
  }

  const sheet = (
    <Popup
      visible={isOpen}
      position="center"
      className="sheet-popup"
      round
      title="再来一单"
      onClose={() => setOpen(false)}
    >
      <View className="sheet" data-testid="reorder-sheet">
        <ErrorBanner
          error={error}
          onRetry={
            source ? () => load(source.order, source.customerId) : undefined
          }
        />
        {!plan && !error ? <Text className="empty">正在按今日价格核对…</Text> : null}
        {plan ? (
          <>
            {plan.changes.length === 0 ? (
              <Text className="hint" data-testid="reorder-unchanged">
                价格和库存与上次相同
              </Text>
            ) : (
              <View className="hint">
                <Text className="sheet__title">与上次相比有变化：</Text>
                {plan.changes.map((change) => (
                  <Text
                    key={`${change.kind}:${change.name}:${change.unit}`}
                    className="sheet__line"
                    data-testid="reorder-change"
                    data-kind={change.kind}
                  >
                    {describeChange(change)}
                  </Text>
                ))}
              </View>
            )}
            {plan.quote ? (
              <Text className="sheet__total">
                今日合计{" "}
                <Text className="price" data-testid="reorder-total">
                  {formatYuan(plan.quote.totalFen)}
                </Text>
              </Text>
            ) : null}
            <View data-testid="reorder-confirm">
              <Button
                block
                type="primary"
                disabled={plan.cart.lines.length === 0}
                onClick={confirm}
              >
                放入购物车
              </Button>
            </View>
          </>
        ) : null}
      </View>
    </Popup>
  );

  return { start: load, sheet };
}
