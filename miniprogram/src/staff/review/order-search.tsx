import { useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import type { CustomerView } from "../../../../shared/schemas/customer";
import { listCustomers } from "../../api/customers";
import { ErrorBanner } from "../../components/error-banner";
import { Button, SearchBar } from "../../ui/nutui";
import { CustomerHistory } from "../customers/customer-history";
import { findOrderByNo, isOrderNo } from "./review-queue";

/**
 * Finds any order by its number, or a customer by name with that
 * customer's latest orders.
 */
export function OrderSearch() {
  const [text, setText] = useState("");
  const [customers, setCustomers] = useState<CustomerView[] | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function search(value: string): Promise<void> {
    const query = value.trim();
    setNotFound(false);
    setError(null);
    setCustomers(null);
    if (!query) return;
    try {
      if (isOrderNo(query)) {
        const order = await findOrderByNo(query);
        if (!order) {
          setNotFound(true);
          return;
        }
        void Taro.navigateTo({
          url: `/pages/order-detail/index?orderId=${encodeURIComponent(order.orderId)}`,
        });
        return;
      }
      const page = await listCustomers({ search: query, limit: 20 });
      setCustomers(page.items);
      setOpenId(page.items.length === 1 ? page.items[0].customerId : null);
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <View className="order-search" data-testid="order-search">
      <SearchBar
        value={text}
        placeholder="订单号（SO…）或客户名称"
        onChange={(value) => setText(value)}
        onSearch={(value) => void search(value)}
        onClear={() => {
          setText("");
          setCustomers(null);
          setNotFound(false);
        }}
        right={
          <View
            className="order-search__button"
            data-testid="order-search-submit"
            onClick={() => void search(text)}
          >
            查找
          </View>
        }
      />
      <ErrorBanner error={error} />
      {notFound ? (
        <Text className="hint" data-testid="order-not-found">
          没有找到订单 {text}
        </Text>
      ) : null}
      {customers?.length === 0 ? <Text className="hint">没有匹配的客户</Text> : null}
      {customers?.map((customer) => (
        <View
          key={customer.customerId}
          className="card"
          data-testid="search-customer"
        >
          <View className="review-row__head">
            <Text className="review-row__no">{customer.name}</Text>
            <Button
              size="small"
              onClick={() =>
                setOpenId(openId === customer.customerId ? null : customer.customerId)
              }
            >
              {openId === customer.customerId ? "收起" : "订单"}
            </Button>
          </View>
          {openId === customer.customerId ? (
            <CustomerHistory customerId={customer.customerId} />
          ) : null}
        </View>
      ))}
    </View>
  );
}
