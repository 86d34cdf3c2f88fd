import { useMemo, useState } from "react";
import Taro from "@tarojs/taro";
import { Button, Input, Text, View } from "@tarojs/components";

import { addLine, type CartLine } from "../../cart/cart";
import { loadCart, saveCart } from "../../cart/cart-storage";
import { groupByProduct } from "../../catalog/products";
import { ErrorBanner } from "../../components/error-banner";
import {
  canPlaceOrders,
  targetCustomerId,
  type OrderingTarget,
} from "../../session/ordering";
import { useSession } from "../../session/use-session";
import { ProductCard } from "./product-card";
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
        <Text className="hint">
          代客下单前，请先在“我的”页选择客户；当前显示标准价
        </Text>
      );
    case "browse-only":
      return <Text className="hint">当前角色只能浏览商品，不能下单</Text>;
  }
}

export default function CatalogPage() {
  const { isSignedIn, target } = useSession();
  const customerId = targetCustomerId(target);
  const [searchDraft, setSearchDraft] = useState("");
  const [search, setSearch] = useState("");
  const catalog = useCatalog(search, customerId, isSignedIn);
  const products = useMemo(() => groupByProduct(catalog.skus), [catalog.skus]);

  function addToCart(line: CartLine): void {
    const owner = customerId ?? null;
    const cart = loadCart();
    // A cart contains one customer's order, so a line for another customer
    // starts a new cart.
    const base =
      cart.customerId === owner ? cart : { customerId: owner, lines: [] };
    saveCart(addLine(base, line));
    void Taro.showToast({ title: "已加入购物车", icon: "success" });
  }

  return (
    <View className="page catalog-page">
      <TargetHint target={target} />

      <View className="catalog-page__search">
        <Input
          className="catalog-page__search-input"
          data-testid="search-input"
          placeholder="搜索商品名称"
          confirmType="search"
          value={searchDraft}
          onInput={(event) => setSearchDraft(event.detail.value)}
          onConfirm={(event) => setSearch(event.detail.value.trim())}
        />
        <Button size="mini" onClick={() => setSearch(searchDraft.trim())}>
          搜索
        </Button>
      </View>

      <ErrorBanner error={catalog.error} />

      {products.map((product) => (
        <ProductCard
          key={`${product.productId}:${customerId ?? ""}`}
          product={product}
          canAdd={canPlaceOrders(target)}
          onAdd={addToCart}
        />
      ))}

      {!catalog.isLoading && products.length === 0 && !catalog.error ? (
        <Text className="empty">没有找到商品</Text>
      ) : null}
      {catalog.isLoading ? <Text className="empty">加载中…</Text> : null}
      {catalog.hasMore && !catalog.isLoading ? (
        <Button
          className="load-more"
          data-testid="load-more"
          onClick={catalog.loadMore}
        >
          加载更多
        </Button>
      ) : null}
    </View>
  );
}
