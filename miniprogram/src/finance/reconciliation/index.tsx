import { useState } from "react";
import { Text, View } from "@tarojs/components";

import { chinaDate } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import { getDailyReconciliation } from "../../api/finance";
import { useRemote } from "../../api/use-remote";
import { DateField } from "../../components/date-field";
import { RemoteLoadState } from "../../components/load-state";
import { Button } from "../../ui/nutui";
import { paymentMethodLabel } from "../labels";
import { openRematch } from "../payment-row";
import { useCustomerNames } from "../use-customer-names";
import "../finance.css";

export default function ReconciliationPage() {
  const today = chinaDate(Date.now());
  const [date, setDate] = useState(today);
  const day = useRemote(() => getDailyReconciliation(date), date);
  const report = day.data;
  const names = useCustomerNames(report?.unmatched.map((item) => item.customerId) ?? []);

  return (
    <View className="page finance-page">
      <DateField label="对账日期" value={date} end={today} onChange={setDate} testId="reconciliation-date" />
      <RemoteLoadState remote={day} />
      {report ? (
        <>
          <View className="card" data-testid="reconciliation">
            <Text className="fin-section">{report.date} 对账</Text>
            <View className="fin-row">
              <Text>发货 {report.shipments} 笔</Text>
              <Text className="fin-big" data-testid="shipped-amount">
                {formatYuan(report.shippedFen)}
              </Text>
            </View>
            <View className="fin-row">
              <Text>收款合计</Text>
              <Text className="fin-big" data-testid="payments-amount">
                {formatYuan(report.paymentsFen)}
              </Text>
            </View>
            {Object.entries(report.paymentsByMethod).map(([method, entry]) => (
              <View key={method} className="fin-row" data-testid="payments-by-method" data-method={method}>
                <Text className="muted">
                  {paymentMethodLabel(method)} {entry.count} 笔
                </Text>
                <Text>{formatYuan(entry.amountFen)}</Text>
              </View>
            ))}
          </View>

          <View className="card">
            <Text className="fin-section">未匹配收款 {report.unmatched.length} 笔</Text>
            {report.unmatched.length === 0 ? <Text className="muted">当天收款已全部匹配到订单</Text> : null}
            {report.unmatched.map((item) => (
              <View key={item.paymentId} className="fin-option" data-testid="reconciliation-unmatched">
                <View className="fin-row">
                  <Text>{names[item.customerId] ?? item.customerId}</Text>
                  <Text className="price">{formatYuan(item.unappliedFen)}</Text>
                </View>
                <View className="fin-actions">
                  <Button size="small" fill="outline" onClick={() => openRematch(item.paymentId)}>
                    手动匹配
                  </Button>
                </View>
              </View>
            ))}
          </View>
        </>
      ) : null}
    </View>
  );
}
