import { useEffect, useMemo, useRef } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import { ORDER_STATUS_LABELS } from "../../../../shared/order-status";
import type { OrderView } from "../../../../shared/schemas/order";
import { getCatalogSku } from "../../api/catalog";
import { addLine } from "../../cart/cart";
import { loadCart, saveCart } from "../../cart/cart-storage";
import { formatSpecs, snapQuantity } from "../../catalog/products";
import { ErrorBanner } from "../../components/error-banner";
import { QueuedOrderBanner } from "../../components/queued-order-banner";
import { useReorder } from "../../components/reorder-sheet";
import { WorkShortcuts } from "../../components/work-shortcuts";
import {
  canPlaceOrders,
  targetCustomerId,
  type OrderingTarget,
} from "../../session/ordering";
import { useSession } from "../../session/use-session";
import { Button } from "../../ui/nutui";
import { rankFrequentItems, type FrequentItem } from "./frequent-items";
import { useRecentOrders } from "./use-recent-orders";
import "./index.css";

const RECENT_SHOWN = 3;
const FREQUENT_SHOWN = 6;

function openOrder(order: OrderView): void {
  void Taro.navigateTo({
    url: `/pages/order-detail/index?orderId=${encodeURIComponent(order.orderId)}`,
  });
}

function StaffShortcuts({ target, role }: { target: OrderingTarget; role: string }) {
  const isOffice = role === "clerk" || role === "manager";
  return (
    <View className="card" data-testid="staff-shortcuts">
      <Text className="home__title">{isOffice ? "代下单与审核" : "代客下单"}</Text>
      {target.kind === "customer" ? (
        <Text className="home__line" data-testid="ordering-for">
          当前代下单客户：{target.customer.name || target.customer.customerId}
        </Text>
      ) : (
        <Text className="home__line muted">尚未选择代下单客户</Text>
      )}
      <View className="home__actions">
        <Button
          type="primary"
          onClick={() => void Taro.navigateTo({ url: "/staff/customers/index" })}
        >
          选择客户
        </Button>
        {isOffice ? (
          <View data-testid="open-review">
            <Button
              onClick={() => void Taro.navigateTo({ url: "/staff/review/index" })}
            >
              审核台
            </Button>
          </View>
        ) : null}
        {isOffice ? (
          <Button
            onClick={() => void Taro.navigateTo({ url: "/staff/import/index" })}
          >
            表格导入
          </Button>
        ) : null}
      </View>
    </View>
  );
}

export default function HomePage() {
  const { isSignedIn, role, target, session } = useSession();
  const customerId = targetCustomerId(target);
  const canOrder = isSignedIn && canPlaceOrders(target);
  const recent = useRecentOrders(customerId);
  const { reload } = recent;
  const reorder = useReorder();
  const hasShown = useRef(false);

  useEffect(() => {
    if (canOrder) reload();
  }, [reload, canOrder]);
  useDidShow(() => {
    if (hasShown.current && canOrder) reload();
    hasShown.current = true;
  });

  const frequent = useMemo(
    () => rankFrequentItems(recent.orders, FREQUENT_SHOWN),
    [recent.orders],
  );

  async function addFrequent(item: FrequentItem): Promise<void> {
    try {
      const sku = await getCatalogSku(item.skuId, customerId);
      const unit = sku.units.find((candidate) => candidate.unit === item.unit);
      if (!unit) throw new Error(`unit ${item.unit} is gone`);
      const owner = customerId ?? null;
      const cart = loadCart();
      const base =
        cart.customerId === owner ? cart : { customerId: owner, lines: [] };
      saveCart(
        addLine(base, {
          skuId: sku.skuId,
          unit: unit.unit,
          quantity: snapQuantity(item.lastQuantity, unit),
          name: sku.name,
          specsText: formatSpecs(sku.specs),
          minQuantity: unit.minQuantity,
          stepQuantity: unit.stepQuantity,
        }),
      );
      // A small text toast for a second: the larger success toast covered
      // the middle of the list and took the taps meant for the next card.
      void Taro.showToast({ title: "已加入购物车", icon: "none", duration: 1000 });
    } catch {
      void Taro.showToast({ title: "该商品暂不可购买", icon: "none" });
    }
  }

  const isStaff = role !== "customer";
  return (
    <View className="page home-page">
      {session ? (
        <Text className="home__greeting" data-testid="greeting">
          您好，{session.user.name}
        </Text>
      ) : null}
      <QueuedOrderBanner />
      <WorkShortcuts role={role} />
      {role === "manager" || role === "finance" ? (
        <View className="home__block" data-testid="open-dashboard">
          <Button
            type="primary"
            block
            onClick={() => void Taro.navigateTo({ url: "/manager/dashboard/index" })}
          >
            经营看板与报表
          </Button>
        </View>
      ) : null}

      {isStaff && (target.kind === "customer" || target.kind === "needs-customer") ? (
        <StaffShortcuts target={target} role={role} />
      ) : null}
      {target.kind === "browse-only" ? (
        <Text className="hint">当前角色可查看商品和订单，不能下单</Text>
      ) : null}

      {canOrder ? (
        <>
          <View className="card">
            <View className="home__head">
              <Text className="home__title">最近订单</Text>
              <Text
                className="home__more"
                onClick={() => void Taro.switchTab({ url: "/pages/orders/index" })}
              >
                全部订单 ›
              </Text>
            </View>
            <ErrorBanner error={recent.error} onRetry={reload} />
            {recent.isLoading && recent.orders.length === 0 ? (
              <Text className="muted">加载中…</Text>
            ) : null}
            {!recent.isLoading && !recent.error && recent.orders.length === 0 ? (
              <Text className="muted">还没有订单，去商品页选购吧</Text>
            ) : null}
            {recent.orders.slice(0, RECENT_SHOWN).map((order) => (
              <View
                key={order.orderId}
                className="home__order"
                data-testid="recent-order"
                data-order-id={order.orderId}
              >
                <View className="home__order-body" onClick={() => openOrder(order)}>
                  <Text className="home__order-no">{order.orderNo}</Text>
                  <Text className="muted">
                    {formatChinaTime(order.createdAt)} ·{" "}
                    {ORDER_STATUS_LABELS[order.status]} · {formatYuan(order.totalFen)}
                  </Text>
                </View>
                <View data-testid="reorder">
                  <Button
                    size="small"
                    type="primary"
                    fill="outline"
                    onClick={() => reorder.start(order, customerId)}
                  >
                    再来一单
                  </Button>
                </View>
              </View>
            ))}
          </View>

          {frequent.length > 0 ? (
            <View className="card">
              <Text className="home__title">常买商品</Text>
              {frequent.map((item) => (
                <View
                  key={`${item.skuId}:${item.unit}`}
                  className="home__order"
                  data-testid="frequent-item"
                >
                  <View className="home__order-body">
                    <Text className="home__order-no">{item.name}</Text>
                    <Text className="muted">
                      {item.specsText} · 上次 {item.lastQuantity} {item.unit} · 买过{" "}
                      {item.orderCount} 次
                    </Text>
                  </View>
                  <Button size="small" onClick={() => void addFrequent(item)}>
                    加入
                  </Button>
                </View>
              ))}
            </View>
          ) : null}

          <Button
            block
            type="primary"
            size="large"
            onClick={() => void Taro.switchTab({ url: "/pages/catalog/index" })}
          >
            去选购商品
          </Button>
        </>
      ) : null}
      {reorder.sheet}
    </View>
  );
}
