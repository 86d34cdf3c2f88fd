import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { canOrderOnBehalf, ROLE_LABELS } from "../../session/ordering";
import { signOut, useSession } from "../../session/use-session";
import { Button } from "../../ui/nutui";
import "./index.css";

export default function MePage() {
  const { session, role, target } = useSession();

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
            已使用当前微信身份登录（{ROLE_LABELS[role]}）；角色和客户由管理员在后台设置。
          </Text>
        )}
      </View>

      {canOrderOnBehalf(role) ? (
        <View className="card" data-testid="customer-choice">
          <Text className="me__label">代客下单</Text>
          <Text className="me__value">
            {target.kind === "customer"
              ? `当前客户：${target.customer.name || target.customer.customerId}`
              : "尚未选择客户"}
          </Text>
          <Button
            type="primary"
            onClick={() => void Taro.navigateTo({ url: "/staff/customers/index" })}
          >
            {target.kind === "customer" ? "更换客户" : "选择客户"}
          </Button>
        </View>
      ) : null}

      <View className="card me__links">
        <View
          className="me__link"
          data-testid="open-inbox"
          onClick={() => void Taro.navigateTo({ url: "/account/inbox/index" })}
        >
          <Text>我的消息</Text>
          <Text className="muted">订单审核、发货、签收通知 ›</Text>
        </View>
        {role === "customer" ? (
          <View
            className="me__link"
            data-testid="open-statement"
            onClick={() => void Taro.navigateTo({ url: "/account/statement/index" })}
          >
            <Text>对账单与欠款</Text>
            <Text className="muted">按月查看、下载 Excel ›</Text>
          </View>
        ) : null}
      </View>

      {process.env.TARO_ENV === "h5" ? (
        <View data-testid="sign-out">
          <Button block onClick={signOut}>
            切换账号
          </Button>
        </View>
      ) : null}
    </View>
  );
}
