import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../shared/china-time";
import { formatYuan } from "../../../shared/money";
import type { PaymentView } from "../../../shared/schemas/finance";
import { Button } from "../ui/nutui";
import { paymentMethodLabel } from "./labels";

export function openRematch(paymentId: string): void {
  void Taro.navigateTo({ url: `/finance/rematch/index?paymentId=${encodeURIComponent(paymentId)}` });
}

interface UnmatchedRowProps {
  payment: PaymentView;
  customerName: string;
}

/** Renders a payment with money not matched to any order and a button to match it by hand. */
export function UnmatchedRow({ payment, customerName }: UnmatchedRowProps) {
  return (
    <View className="card" data-testid="unmatched-row" data-payment-id={payment.paymentId}>
      <View className="fin-row">
        <Text className="fin-option__name">{customerName}</Text>
        <Text className="price">未匹配 {formatYuan(payment.unappliedFen)}</Text>
      </View>
      <Text className="muted" style={{ display: "block" }}>
        收款 {formatYuan(payment.amountFen)} · {paymentMethodLabel(payment.method)} · {payment.externalRef}
      </Text>
      <Text className="muted" style={{ display: "block" }}>
        到账 {formatChinaTime(payment.receivedAt)}
      </Text>
      <View className="fin-actions" data-testid="open-rematch">
        <Button block type="primary" fill="outline" onClick={() => openRematch(payment.paymentId)}>
          手动匹配
        </Button>
      </View>
    </View>
  );
}
