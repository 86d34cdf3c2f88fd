import { useState } from "react";
import { useDidShow } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { chinaDate } from "../../../../shared/china-time";
import { listVouchersOn } from "../../api/finance";
import { useRemote } from "../../api/use-remote";
import { DateField } from "../../components/date-field";
import { LoadState } from "../../components/load-state";
import { UnmatchedRow } from "../payment-row";
import { useCustomerNames } from "../use-customer-names";
import "../finance.css";

export default function UnmatchedPage() {
  const today = chinaDate(Date.now());
  const [date, setDate] = useState(today);
  const vouchers = useRemote(() => listVouchersOn(date), date);
  const unmatched = (vouchers.data?.items ?? [])
    .map((voucher) => voucher.payment)
    .filter((payment) => payment.unappliedFen > 0);
  const names = useCustomerNames(unmatched.map((payment) => payment.customerId));

  // Coming back from a re-match must drop the payments it settled.
  useDidShow(() => {
    if (vouchers.data) vouchers.reload();
  });

  return (
    <View className="page finance-page">
      <DateField label="到账日期" value={date} end={today} onChange={setDate} testId="unmatched-date" />
      <Text className="muted">当天到账、仍有金额未匹配到订单的收款</Text>
      <LoadState
        isLoading={vouchers.isLoading}
        error={vouchers.error}
        isEmpty={unmatched.length === 0}
        emptyText="当天没有未匹配的收款"
        onRetry={vouchers.reload}
        hasData={vouchers.data !== null}
      />
      {unmatched.map((payment) => (
        <UnmatchedRow
          key={payment.paymentId}
          payment={payment}
          customerName={names[payment.customerId] ?? payment.customerId}
        />
      ))}
    </View>
  );
}
