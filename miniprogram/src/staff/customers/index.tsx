import { useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import type { CustomerView } from "../../../../shared/schemas/customer";
import { SEARCH_TEXT_MAX_LENGTH } from "../../../../shared/search";
import { clearCart, loadCart } from "../../cart/cart-storage";
import { CustomerBadges } from "../../components/customer-badges";
import { ErrorBanner } from "../../components/error-banner";
import {
  loadCustomerChoice,
  saveCustomerChoice,
} from "../../session/customer-choice";
import { Button, SearchBar } from "../../ui/nutui";
import { CustomerHistory } from "./customer-history";
import { useCustomerList } from "./use-customer-list";
import "./index.css";

/** Makes `customer` the one staff order for; the cart is priced per customer. */
function chooseCustomer(customer: CustomerView): void {
  if (loadCart().customerId !== customer.customerId) clearCart();
  saveCustomerChoice({ customerId: customer.customerId, name: customer.name });
  void Taro.switchTab({ url: "/pages/catalog/index" });
}

function CustomerRow({
  customer,
  isChosen,
}: {
  customer: CustomerView;
  isChosen: boolean;
}) {
  const [isOpen, setOpen] = useState(false);
  return (
    <View
      className="card customer"
      data-testid="customer-row"
      data-customer-id={customer.customerId}
    >
      <View className="customer__head">
        <Text className="customer__name">{customer.name}</Text>
        {isChosen ? <Text className="status-badge">当前</Text> : null}
      </View>
      <Text className="muted">
        {customer.customerId} · {customer.province}
        {customer.paymentTerms.kind === "monthly" ? " · 月结" : " · 现结"}
      </Text>
      <CustomerBadges
        outstandingFen={customer.outstandingFen}
        overdueFen={customer.overdueFen}
      />
      <View className="customer__actions">
        <View data-testid="choose-customer">
          <Button type="primary" onClick={() => chooseCustomer(customer)}>
            为其下单
          </Button>
        </View>
        <View data-testid="show-history">
          <Button onClick={() => setOpen(!isOpen)}>
            {isOpen ? "收起订单" : "历史订单"}
          </Button>
        </View>
      </View>
      {isOpen ? <CustomerHistory customerId={customer.customerId} /> : null}
    </View>
  );
}

export default function CustomersPage() {
  const [draft, setDraft] = useState("");
  const [search, setSearch] = useState("");
  const list = useCustomerList(search);
  const chosenId = loadCustomerChoice()?.customerId;

  return (
    <View className="page customers-page">
      <View className="customers-page__search" data-testid="customer-search">
        <SearchBar
          value={draft}
          placeholder="客户名称或编号"
          maxLength={SEARCH_TEXT_MAX_LENGTH}
          onChange={(value) => setDraft(value)}
          onSearch={(value) => setSearch(value.trim())}
          onClear={() => {
            setDraft("");
            setSearch("");
          }}
        />
      </View>
      <ErrorBanner error={list.error} onRetry={list.reload} />
      {list.customers.map((customer) => (
        <CustomerRow
          key={customer.customerId}
          customer={customer}
          isChosen={customer.customerId === chosenId}
        />
      ))}
      {!list.isLoading && !list.error && list.customers.length === 0 ? (
        <Text className="empty" data-testid="customers-empty">
          没有可代下单的客户
        </Text>
      ) : null}
      {list.isLoading ? <Text className="empty">加载中…</Text> : null}
      {list.hasMore && !list.isLoading ? (
        <Button block onClick={list.loadMore}>
          加载更多
        </Button>
      ) : null}
    </View>
  );
}
