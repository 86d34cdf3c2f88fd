import { useState } from "react";
import { Text, View } from "@tarojs/components";

import { formatYuan } from "../../../shared/money";
import type { CustomerView } from "../../../shared/schemas/customer";
import { listCustomers, type CustomerOption } from "../api/customers";
import { useRemote } from "../api/use-remote";
import { LoadState } from "../components/load-state";
import { Button, SearchBar } from "../ui/nutui";

const SHOWN = 20;

interface CustomerPickerProps {
  selected: CustomerOption | null;
  onSelect: (customer: CustomerOption) => void;
  testId: string;
}

function CustomerRow({ customer, onSelect }: { customer: CustomerView; onSelect: () => void }) {
  return (
    <View
      className="fin-option"
      data-testid="customer-option"
      data-customer-id={customer.customerId}
      onClick={onSelect}
    >
      <Text className="fin-option__name">{customer.name}</Text>
      <Text className="muted">
        欠款 {formatYuan(customer.outstandingFen)}
        {customer.overdueFen > 0 ? ` · 逾期 ${formatYuan(customer.overdueFen)}` : ""}
      </Text>
    </View>
  );
}

/**
 * Chooses a customer by name from customers.list. Once one is chosen the
 * list folds away until the user asks to change it.
 */
export function CustomerPicker({ selected, onSelect, testId }: CustomerPickerProps) {
  const [text, setText] = useState("");
  const [search, setSearch] = useState("");
  const [isOpen, setOpen] = useState(selected === null);
  const customers = useRemote(
    () => listCustomers({ limit: SHOWN, ...(search ? { search } : {}) }),
    search,
    isOpen,
  );
  const items = customers.data?.items ?? [];

  if (selected && !isOpen) {
    return (
      <View className="fin-selected" data-testid={testId} data-customer-id={selected.customerId}>
        <View>
          <Text className="muted">客户</Text>
          <Text className="fin-option__name" style={{ display: "block" }}>
            {selected.name || selected.customerId}
          </Text>
        </View>
        <View data-testid={`${testId}-change`}>
          <Button size="small" fill="outline" onClick={() => setOpen(true)}>
            更换
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View className="card" data-testid={testId}>
      <Text className="fin-section">选择客户</Text>
      <SearchBar
        value={text}
        placeholder="客户名称或编号"
        onChange={(value) => setText(value)}
        onSearch={(value) => setSearch(value.trim())}
        onClear={() => {
          setText("");
          setSearch("");
        }}
      />
      <LoadState
        isLoading={customers.isLoading}
        error={customers.error}
        isEmpty={items.length === 0}
        emptyText="没有找到客户"
        onRetry={customers.reload}
        hasData={customers.data !== null}
      />
      {items.map((customer) => (
        <CustomerRow
          key={customer.customerId}
          customer={customer}
          onSelect={() => {
            onSelect({ customerId: customer.customerId, name: customer.name });
            setOpen(false);
          }}
        />
      ))}
    </View>
  );
}
