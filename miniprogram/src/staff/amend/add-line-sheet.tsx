import { useMemo, useState } from "react";
import { Text, View } from "@tarojs/components";

import type { CartLine } from "../../cart/cart";
import { groupByProduct } from "../../catalog/products";
import { ErrorBanner } from "../../components/error-banner";
import { ProductCard } from "../../pages/catalog/product-card";
import { ProductSearch } from "../../pages/catalog/product-search";
import { useCatalog } from "../../pages/catalog/use-catalog";
import { Button, Popup } from "../../ui/nutui";

interface AddLineSheetProps {
  isOpen: boolean;
  /** The order's customer, whose prices the catalog shows. */
  customerId: string;
  onAdd: (line: CartLine, priceFen: number) => void;
  onClose: () => void;
}

/**
 * Renders a bottom sheet that searches the catalog at the customer's
 * prices and picks a SKU, unit and quantity to add to the order, with the
 * catalog page's product cards. The catalog loads again each time the
 * sheet opens.
 */
export function AddLineSheet({
  isOpen,
  customerId,
  onAdd,
  onClose,
}: AddLineSheetProps) {
  const [search, setSearch] = useState("");
  const catalog = useCatalog(search, customerId, isOpen);
  const products = useMemo(() => groupByProduct(catalog.skus), [catalog.skus]);

  return (
    <Popup
      visible={isOpen}
      position="bottom"
      round
      title="添加商品"
      onClose={onClose}
    >
      <View className="sheet amend-add-sheet" data-testid="amend-add-sheet">
        <ProductSearch className="amend-add-sheet__search" testId="amend-search" onSearch={setSearch} />

        <ErrorBanner error={catalog.error} onRetry={catalog.retry} />

        {products.map((product) => (
          <ProductCard
            key={`${product.productId}:${customerId}:${search}`}
            product={product}
            canAdd
            addLabel="加入订单"
            onAdd={onAdd}
            search={search}
          />
        ))}

        {!catalog.isLoading && products.length === 0 && !catalog.error ? (
          <Text className="empty">没有找到商品</Text>
        ) : null}
        {catalog.isLoading ? <Text className="empty">加载中…</Text> : null}
        {catalog.hasMore && !catalog.isLoading ? (
          <View className="load-more">
            <Button block onClick={catalog.loadMore}>
              加载更多
            </Button>
          </View>
        ) : null}
      </View>
    </Popup>
  );
}
