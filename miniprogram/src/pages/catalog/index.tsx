import { useMemo, useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import type { BarcodeMatch } from "../../api/catalog";
import { addLine, addOneMore, type Cart, type CartLine } from "../../cart/cart";
import { loadCart, saveCart } from "../../cart/cart-storage";
import { formatSpecs, groupByProduct } from "../../catalog/products";
import { BarcodeEntry } from "../../components/barcode-entry";
import { ErrorBanner } from "../../components/error-banner";
import {
  canPlaceOrders,
  targetCustomerId,
  type OrderingTarget,
} from "../../session/ordering";
import { useSession } from "../../session/use-session";
import { Button } from "../../ui/nutui";
import { ProductCard } from "./product-card";
import { ProductSearch } from "./product-search";
import { useCatalog } from "./use-catalog";
import "./index.css";

function TargetHint({ target }: { target: OrderingTarget }) {
  switch (target.kind) {
    case "self":
      return null;
    case "customer":
      return (
        <Text className="hint" data-testid="ordering-for">
          正在为「{target.customer.name || target.customer.customerId}
          」下单，价格为该客户价
        </Text>
      );
    case "needs-customer":
      return (
        <View className="hint">
          <Text>代客下单前请先选择客户；当前显示标准价</Text>
          <Button
            size="small"
            type="primary"
            onClick={() => void Taro.navigateTo({ url: "/staff/customers/index" })}
          >
            选择客户
          </Button>
        </View>
      );
    case "browse-only":
      return <Text className="hint">当前角色只能浏览商品，不能下单</Text>;
  }
}

/** Returns the cart for `owner`, starting a new one when it holds another customer's. */
function cartFor(owner: string | null): Cart {
  const cart = loadCart();
  return cart.customerId === owner ? cart : { customerId: owner, lines: [] };
}

export default function CatalogPage() {
  const { isSignedIn, role, target } = useSession();
  const customerId = targetCustomerId(target);
  const [search, setSearch] = useState("");
  const catalog = useCatalog(search, customerId, isSignedIn);
  const products = useMemo(() => groupByProduct(catalog.skus), [catalog.skus]);
  const canOrder = canPlaceOrders(target);

  function addToCart(line: CartLine): void {
    // A cart contains one customer's order, so a line for another customer
    // starts a new cart.
    saveCart(addLine(cartFor(customerId ?? null), line));
    // A small text toast for a second: the larger success toast covered
    // the middle of the list and took the taps meant for the next card.
    void Taro.showToast({ title: "已加入购物车", icon: "none", duration: 1000 });
  }

  function addScanned({ sku, unit: unitName }: BarcodeMatch): void {
    const unit = sku.units.find((candidate) => candidate.unit === unitName);
    if (!unit) return;
    const line: CartLine = {
      skuId: sku.skuId,
      unit: unit.unit,
      quantity: unit.minQuantity,
      name: sku.name,
      specsText: formatSpecs(sku.specs),
      minQuantity: unit.minQuantity,
      stepQuantity: unit.stepQuantity,
    };
    saveCart(addOneMore(cartFor(customerId ?? null), line));
    void Taro.showToast({
      title: `已加入 ${sku.name} ${unit.unit}`,
      icon: "none",
    });
  }

  return (
    <View className="page catalog-page">
      <TargetHint target={target} />

      {role !== "customer" && canOrder ? (
        <BarcodeEntry customerId={customerId} onFound={addScanned} />
      ) : null}

      <ProductSearch className="catalog-page__search" testId="search" onSearch={setSearch} />

      <ErrorBanner error={catalog.error} onRetry={catalog.retry} />

      {products.map((product) => (
        <ProductCard
          key={`${product.productId}:${customerId ?? ""}:${search}`}
          product={product}
          canAdd={canOrder}
          onAdd={addToCart}
          search={search}
        />
      ))}

      {!catalog.isLoading && products.length === 0 && !catalog.error ? (
        <Text className="empty" data-testid="catalog-empty">
          没有找到商品
        </Text>
      ) : null}
      {catalog.isLoading ? <Text className="empty">加载中…</Text> : null}
      {catalog.hasMore && !catalog.isLoading ? (
        <View className="load-more" data-testid="load-more">
          <Button block onClick={catalog.loadMore}>
            加载更多
          </Button>
        </View>
      ) : null}
    </View>
  );
}
