import { useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Button, Input, Text, View } from "@tarojs/components";

import { formatYuan } from "../../../../shared/money";
import type { QuoteLine } from "../../../../shared/schemas/order";
import {
  removeLine,
  setLineQuantity,
  type Cart,
  type CartLine,
} from "../../cart/cart";
import { loadCart, saveCart } from "../../cart/cart-storage";
import { ErrorBanner } from "../../components/error-banner";
import { PriceTag } from "../../components/price-tag";
import { QuantityStepper } from "../../components/quantity-stepper";
import { canPlaceOrders } from "../../session/ordering";
import { useSession } from "../../session/use-session";
import { usePlaceOrder } from "./use-place-order";
import { useQuote } from "./use-quote";
import { presentIf } from "../../components/present-if";
import "./index.css";

interface CartLineRowProps {
  line: CartLine;
  quoted: QuoteLine | undefined;
  onQuantity: (quantity: number) => void;
  onRemove: () => void;
}

function CartLineRow({ line, quoted, onQuantity, onRemove }: CartLineRowProps) {
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
      {quoted?.isShort ? (
        <Text className="shortage" data-testid="line-shortage">
          仅剩 {quoted.available} {quoted.unit}
        </Text>
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
      quoted.quantity === line.quantity,
  );
}

export default function CartPage() {
  const { isSignedIn, target } = useSession();
  const [cart, setCart] = useState<Cart>(loadCart);
  const [remark, setRemark] = useState("");
  const canOrder = isSignedIn && canPlaceOrders(target);
  const { quote, isQuoting, error: quoteError } = useQuote(cart, canOrder);
  const placing = usePlaceOrder();

  // The catalog tab adds lines while this page stays mounted.
  useDidShow(() => setCart(loadCart()));

  function updateCart(next: Cart): void {
    saveCart(next);
    setCart(next);
  }

  async function submit(): Promise<void> {
    const order = await placing.place(cart, remark);
    if (!order) return;

    setCart(loadCart());
    setRemark("");
    void Taro.showToast({ title: "下单成功", icon: "success" });
    void Taro.switchTab({ url: "/pages/orders/index" });
  }

  if (cart.lines.length === 0) {
    return (
      <View className="page cart-page">
        <Text className="empty" data-testid="cart-empty">
          购物车是空的
        </Text>
        <Button
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
  const canSubmit =
    canOrder &&
    quote !== null &&
    !isQuoting &&
    !hasShortage &&
    !placing.isPlacing;

  return (
    <View className="page cart-page">
      {!canOrder ? (
        <Text className="hint">
          当前无法下单：代客下单请先在“我的”页选择客户
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
        />
      ))}

      <View className="card">
        <Input
          className="cart-page__remark"
          data-testid="remark-input"
          placeholder="备注（选填，最多 200 字）"
          maxlength={200}
          value={remark}
          onInput={(event) => setRemark(event.detail.value)}
        />
      </View>

      <ErrorBanner error={quoteError} skuNames={skuNames} />
      <ErrorBanner error={placing.error} skuNames={skuNames} />
      {hasShortage ? (
        <Text className="hint">部分商品库存不足，请调整数量后再提交</Text>
      ) : null}

      <View className="cart-page__footer">
        <Text>
          合计
          <Text className="price cart-page__total" data-testid="cart-total">
            {quote && !isQuoting ? formatYuan(quote.totalFen) : "计算中…"}
          </Text>
        </Text>
        <Button
          className="cart-page__submit"
          data-testid="place-order"
          type="primary"
          loading={presentIf(placing.isPlacing)}
          disabled={presentIf(!canSubmit)}
          onClick={() => void submit()}
        >
          提交订单
        </Button>
      </View>
    </View>
  );
}
