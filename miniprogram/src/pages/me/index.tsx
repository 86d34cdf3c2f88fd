import { Button, Picker, Text, View } from "@tarojs/components";

import type { CustomerOption } from "../../api/customers";
import { clearCart } from "../../cart/cart-storage";
import { ErrorBanner } from "../../components/error-banner";
import { saveCustomerChoice } from "../../session/customer-choice";
import {
  canOrderOnBehalf,
  ROLE_LABELS,
  type OrderingTarget,
} from "../../session/ordering";
import { signOut, useSession } from "../../session/use-session";
import { useCustomers } from "./use-customers";
import "./index.css";

interface CustomerPickerProps {
  target: OrderingTarget;
  onChoose: (customer: CustomerOption) => void;
}

function CustomerPicker({ target, onChoose }: CustomerPickerProps) {
  const { customers, isLoading, error } = useCustomers(true);
  const chosen = target.kind === "customer" ? target.customer : null;
  const chosenIndex = customers.findIndex(
    (customer) => customer.customerId === chosen?.customerId,
  );

  return (
    <View className="card" data-testid="customer-picker">
      <Text className="me__label">代客下单</Text>
      <Text className="me__value">
        {chosen
          ? `当前客户：${chosen.name || chosen.customerId}`
          : "尚未选择客户"}
      </Text>
      {error ? (
        <>
          <Text className="muted">客户列表暂不可用，暂时无法代客下单</Text>
          <ErrorBanner error={error} />
        </>
      ) : null}
      {isLoading ? <Text className="muted">正在加载客户…</Text> : null}
      {customers.length > 0 ? (
        <Picker
          mode="selector"
          range={customers}
          rangeKey="name"
          value={Math.max(chosenIndex, 0)}
          onChange={(event) => {
            const customer = customers[Number(event.detail.value)];
            if (customer) onChoose(customer);
          }}
        >
          <Button size="mini">选择客户</Button>
        </Picker>
      ) : null}
    </View>
  );
}

export default function MePage() {
  const { session, role, target, refresh } = useSession();

  function chooseCustomer(customer: CustomerOption): void {
    // The cart is priced for one customer, so a new customer starts empty.
    saveCustomerChoice(customer);
    clearCart();
    refresh();
  }

  return (
    <View className="page me-page">
      <View className="card">
        {session ? (
          <>
            <Text className="me__name" data-testid="user-name">
              {session.user.name}
            </Text>
            <Text
              className="me__value"
              data-testid="user-role"
              data-role={role}
            >
              角色：{ROLE_LABELS[role]}
            </Text>
            {session.user.customerId ? (
              <Text className="muted">客户编号：{session.user.customerId}</Text>
            ) : null}
          </>
        ) : (
          <Text className="me__value">
            已使用当前微信身份登录，无需选择账号；角色和客户由管理员在后台设置。
          </Text>
        )}
      </View>

      {canOrderOnBehalf(role) ? (
        <CustomerPicker target={target} onChoose={chooseCustomer} />
      ) : null}

      {process.env.TARO_ENV === "h5" ? (
        <Button data-testid="sign-out" onClick={signOut}>
          切换账号
        </Button>
      ) : null}
    </View>
  );
}
