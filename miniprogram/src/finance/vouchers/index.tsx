import { useState } from "react";
import { Text, View } from "@tarojs/components";

import { chinaDate, formatChinaTime } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import type { VoucherView } from "../../../../shared/schemas/finance";
import { listVouchersOn } from "../../api/finance";
import { useRemote } from "../../api/use-remote";
import { DateField } from "../../components/date-field";
import { LoadState } from "../../components/load-state";
import { ALLOCATION_MODE_LABELS, paymentMethodLabel } from "../labels";
import { openRematch } from "../payment-row";
import { useCustomerNames } from "../use-customer-names";
import "../finance.css";

function VoucherCard({ voucher, customerName }: { voucher: VoucherView; customerName: string }) {
  const { payment } = voucher;
  return (
    <View className="card" data-testid="voucher" data-voucher-no={voucher.voucherNo}>
      <View className="fin-row">
        <Text className="fin-option__name">{voucher.voucherNo}</Text>
        <Text className="price">{formatYuan(payment.amountFen)}</Text>
      </View>
      <Text className="muted" style={{ display: "block" }}>
        {customerName} · {paymentMethodLabel(payment.method)} · {payment.externalRef}
      </Text>
      <Text className="muted" style={{ display: "block" }}>
        到账 {formatChinaTime(payment.receivedAt)}
      </Text>
      {payment.allocations.map((allocation) => (
        <View key={allocation.receivableId} className="fin-row">
          <Text>
            核销 {allocation.orderNo ?? allocation.receivableId}（{ALLOCATION_MODE_LABELS[allocation.mode]}）
          </Text>
          <Text>{formatYuan(allocation.amountFen)}</Text>
        </View>
      ))}
      <View className="fin-row">
        <Text>已核销</Text>
        <Text data-testid="voucher-settled">{formatYuan(voucher.settledFen)}</Text>
      </View>
      <View className="fin-row" onClick={voucher.differenceFen > 0 ? () => openRematch(payment.paymentId) : undefined}>
        <Text>差额（计入客户余额）</Text>
        <Text className={voucher.differenceFen > 0 ? "price" : ""}>
          {formatYuan(voucher.differenceFen)}
          {voucher.differenceFen > 0 ? " ›" : ""}
        </Text>
      </View>
    </View>
  );
}

export default function VouchersPage() {
  const today = chinaDate(Date.now());
  const [date, setDate] = useState(today);
  const vouchers = useRemote(() => listVouchersOn(date), date);
  const items = vouchers.data?.items ?? [];
  const names = useCustomerNames(items.map((voucher) => voucher.payment.customerId));

  return (
    <View className="page finance-page">
      <DateField label="到账日期" value={date} end={today} onChange={setDate} testId="vouchers-date" />
      <LoadState
        isLoading={vouchers.isLoading}
        error={vouchers.error}
        isEmpty={items.length === 0}
        emptyText="当天没有收款凭证"
        onRetry={vouchers.reload}
        hasData={vouchers.data !== null}
      />
      {items.map((voucher) => (
        <VoucherCard
          key={voucher.voucherNo}
          voucher={voucher}
          customerName={names[voucher.payment.customerId] ?? voucher.payment.customerId}
        />
      ))}
    </View>
  );
}
