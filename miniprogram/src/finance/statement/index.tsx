import { useState } from "react";
import { Text, View } from "@tarojs/components";

import { chinaMonth } from "../../../../shared/china-time";
import type { CustomerOption } from "../../api/customers";
import { getStatement } from "../../api/finance";
import { exportStatement } from "../../api/printing";
import { useRemote } from "../../api/use-remote";
import { DateField } from "../../components/date-field";
import { FileButton } from "../../components/file-button";
import { RemoteLoadState } from "../../components/load-state";
import { StatementCard } from "../../components/statement-card";
import { StatementSharePanel, useStatementShare } from "../../components/statement-share";
import { CustomerPicker } from "../customer-picker";
import "../finance.css";

export default function FinanceStatementPage() {
  const thisMonth = chinaMonth(Date.now());
  const [customer, setCustomer] = useState<CustomerOption | null>(null);
  const [month, setMonth] = useState(thisMonth);
  const customerId = customer?.customerId ?? "";
  const statement = useRemote(
    () => getStatement({ customerId, month }),
    `${customerId}:${month}`,
    customerId !== "",
  );
  const share = useStatementShare(
    customer ? { customerId, month, title: `${customer.name} ${month} 对账单` } : null,
  );

  return (
    <View className="page finance-page">
      <CustomerPicker selected={customer} onSelect={setCustomer} testId="statement-customer" />
      <DateField label="月份" value={month} end={thisMonth} isMonth onChange={setMonth} testId="statement-month" />
      {customer ? (
        <>
          <RemoteLoadState remote={statement} />
          {statement.data ? <StatementCard statement={statement.data} /> : null}
          <FileButton
            label="导出 Excel"
            testId="export-statement"
            load={() => exportStatement({ customerId, month })}
          />
          <StatementSharePanel share={share} />
        </>
      ) : (
        <Text className="muted">先选择客户</Text>
      )}
    </View>
  );
}
