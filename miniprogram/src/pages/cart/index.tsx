import { useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Input, Text, View } from "@tarojs/components";

import { formatYuan } from "../../../../shared/money";
import { NEGOTIATING_ROLES } from "../../../../shared/roles";
import type { QuoteLine } from "../../../../shared/schemas/order";
import {
  hasNegotiatedPrices,
  removeLine,
  setLineQuantity,
  setNegotiatedPrice,
  type Cart,
  type CartLine,
} from "../../cart/cart";
import { loadCart, saveCart } from "../../cart/cart-storage";
import { orderableQuantity } from "../../catalog/products";
import { ErrorBanner } from "../../components/error-banner";
import { PriceTag } from "../../components/price-tag";
import { QuantityStepper } from "../../components/quantity-stepper";
import { QueuedOrderBanner } from "../../components/queued-order-banner";
import { canPlaceOrders } from "../../session/ordering";
import { useSession } from "../../session/use-session";
import { Button, TextArea } from "../../ui/nutui";
import { NegotiatePrice } from "./negotiate-price";
import { usePlaceOrder } from "./use-place-order";
import { useQuote } from "./use-quote";
import "./index.css";

interface CartLineRowProps {
  line: CartLine;
  quoted: QuoteLine | undefined;
  onQuantity: (quantity: number) => void;
  onRemove: () => void;
  /** Set for staff ordering on a customer's behalf, who may negotiate prices. */
  onNegotiate?: (priceFen: number | undefined) => void;
}

function Shortage({
  line,
  quoted,
  onQuantity,
}: {
  line: CartLine;
  quoted: QuoteLine;
  onQuantity: (quantity: number) => void;
}) {
  const orderable = orderableQuantity(quoted.available, line);
  return (
    <View className="cart-line__shortage" data-testid="line-shortage">
      <Text className="shortage">
        {quoted.available > 0
          ? `要 ${quoted.quantity} ${quoted.unit}，仅剩 ${quoted.available} ${quoted.unit}`
          : "暂无库存，请删除此商品"}
      </Text>
      {orderable > 0 ? (
        <View data-testid="use-orderable" data-quantity={orderable}>
          <Button size="small" type="danger" fill="outline" onClick={() => onQuantity(orderable)}>
            改为 {orderable} {quoted.unit}
          </Button>
        </View>
      ) : null}
    </View>
  );
}

function CartLineRow({ line, quoted, onQuantity, onRemove, onNegotiate }: CartLineRowProps) {
  return (
    <View
      className="card cart-line"
      data-testid="cart-line"
      data-sku-id={line.skuId}
      data-unit={line.unit}
    >
      <View className="cart-line__head">
        <Text className="cart-line__name">{line.name}</Text>
        <Text
          className="cart-line__remove"
          data-testid="remove-line"
          onClick={onRemove}
        >
          删除
        </Text>
      </View>
      <Text className="muted">
        {line.specsText} · {line.unit}
      </Text>

      {quoted ? (
        <PriceTag
          priceFen={quoted.priceFen}
          listPriceFen={quoted.listPriceFen}
          unit={quoted.unit}
        />
      ) : null}
      {onNegotiate ? (
        <NegotiatePrice quoted={quoted} negotiatedPriceFen={line.negotiatedPriceFen} onChange={onNegotiate} />
      ) : null}
      {quoted?.isShort ? (
        <Shortage line={line} quoted={quoted} onQuantity={onQuantity} />
      ) : null}

      <View className="cart-line__row">
        <QuantityStepper
          value={line.quantity}
          minQuantity={line.minQuantity}
          stepQuantity={line.stepQuantity}
          onChange={onQuantity}
          testId="line-quantity"
        />
        <Text className="price" data-testid="line-amount">
          {quoted ? formatYuan(quoted.amountFen) : "…"}
        </Text>
      </View>
    </View>
  );
}

function findQuoteLine(
  lines: readonly QuoteLine[] | undefined,
  line: CartLine,
): QuoteLine | undefined {
  return lines?.find(
    (quoted) =>
      quoted.skuId === line.skuId &&
      quoted.unit === line.unit &&
      quoted.quantity === line.quantity &&
      (line.negotiatedPriceFen === undefined || quoted.priceFen === line.negotiatedPriceFen),
  );
}

export default function CartPage() {
  const { isSignedIn, target, role } = useSession();
  const [cart, setCart] = useState<Cart>(loadCart);
  const [remark, setRemark] = useState("");
  const canOrder = isSignedIn && canPlaceOrders(target);
  const canNegotiate = canOrder && target.kind === "customer" && NEGOTIATING_ROLES.includes(role);
  const quoting = useQuote(cart, canOrder);
  const { quote, isQuoting } = quoting;
  const placing = usePlaceOrder();

  // The catalog tab adds lines while this page stays mounted, and a
  // queued order may have been placed meanwhile.
  useDidShow(() => setCart(loadCart()));

  function updateCart(next: Cart): void {
    saveCart(next);
    setCart(next);
  }

  async function submit(): Promise<void> {
    const outcome = await placing.place(cart, remark);
    if (!outcome || outcome.kind === "failed") return;

    if (outcome.kind === "queued") {
      void Taro.showToast({ title: "网络不通，恢复后自动提交", icon: "none" });
      void Taro.switchTab({ url: "/pages/home/index" });
      return;
    }
    setCart(loadCart());
    setRemark("");
    void Taro.showToast({ title: "下单成功", icon: "success" });
    void Taro.switchTab({ url: "/pages/orders/index" });
  }

  if (cart.lines.length === 0) {
    return (
      <View className="page cart-page">
        <QueuedOrderBanner />
        <Text className="empty" data-testid="cart-empty">
          购物车是空的
        </Text>
        <Button
          block
          type="primary"
          onClick={() => void Taro.switchTab({ url: "/pages/catalog/index" })}
        >
          去选购
        </Button>
      </View>
    );
  }

  const skuNames = Object.fromEntries(
    cart.lines.map((line) => [line.skuId, `${line.name} ${line.specsText}`]),
  );
  const hasShortage = quote?.lines.some((line) => line.isShort) ?? false;
  const isNegotiated = hasNegotiatedPrices(cart);
  const isReasonMissing = isNegotiated && (cart.priceReason ?? "").trim() === "";
  const canSubmit =
    canOrder &&
    quote !== null &&
    !isQuoting &&
    !hasShortage &&
    !isReasonMissing &&
    !placing.isPlacing;

  return (
    <View className="page cart-page">
      <QueuedOrderBanner />
      {!canOrder ? (
        <Text className="hint">当前无法下单：代客下单请先选择客户</Text>
      ) : null}
      {cart.customerId && target.kind === "customer" ? (
        <Text className="hint" data-testid="ordering-for">
          为「{target.customer.name}」下单
        </Text>
      ) : null}

      {cart.lines.map((line) => (
        <CartLineRow
          key={`${line.skuId}:${line.unit}`}
          line={line}
          quoted={findQuoteLine(quote?.lines, line)}
          onQuantity={(quantity) =>
            updateCart(setLineQuantity(cart, line.skuId, line.unit, quantity))
          }
          onRemove={() => updateCart(removeLine(cart, line.skuId, line.unit))}
          onNegotiate={
            canNegotiate
              ? (priceFen) => updateCart(setNegotiatedPrice(cart, line.skuId, line.unit, priceFen))
              : undefined
          }
        />
      ))}

      {isNegotiated ? (
        <View className="card" data-testid="price-reason">
          <Text className="detail__section">议价原因（必填，内勤审核时可见）</Text>
          <Input
            className="cart-page__reason"
            data-testid="price-reason-input"
            maxlength={200}
            placeholder="如：老客户年底让利"
            value={cart.priceReason ?? ""}
            onInput={(event) => updateCart({ ...cart, priceReason: event.detail.value })}
          />
        </View>
      ) : null}

      <View className="card" data-testid="remark-input">
        <TextArea
          placeholder="备注（选填，最多 200 字）"
          maxLength={200}
          rows={2}
          value={remark}
          onChange={(value) => setRemark(value)}
        />
      </View>

      <ErrorBanner
        error={quoting.error}
        skuNames={skuNames}
        onRetry={quoting.retry}
      />
      <ErrorBanner error={placing.error} skuNames={skuNames} />
      {hasShortage ? (
        <Text className="hint">部分商品库存不足，请调整数量后再提交</Text>
      ) : null}
      {isReasonMissing ? (
        <Text className="hint" data-testid="price-reason-missing">
          有议价商品，请先填写议价原因
        </Text>
      ) : null}

      <View className="cart-page__footer">
        <Text>
          合计
          <Text className="price cart-page__total" data-testid="cart-total">
            {quote && !isQuoting ? formatYuan(quote.totalFen) : "计算中…"}
          </Text>
        </Text>
        <View
          data-testid="place-order"
          data-disabled={canSubmit ? "false" : "true"}
          onClick={canSubmit ? () => void submit() : undefined}
        >
          <Button
            type="primary"
            size="large"
            loading={placing.isPlacing}
            disabled={!canSubmit}
          >
            提交订单
          </Button>
        </View>
      </View>
    </View>
  );
}
