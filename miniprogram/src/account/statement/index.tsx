import { useState } from "react";
import { Text, View } from "@tarojs/components";

import { chinaMonth } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import { listCustomers } from "../../api/customers";
import { getStatement } from "../../api/finance";
import { exportStatement } from "../../api/printing";
import { useRemote } from "../../api/use-remote";
import { DateField } from "../../components/date-field";
import { ErrorBanner } from "../../components/error-banner";
import { FileButton } from "../../components/file-button";
import { RemoteLoadState } from "../../components/load-state";
import { StatementCard } from "../../components/statement-card";
import { StatementSharePanel, useStatementShare } from "../../components/statement-share";
import "../account.css";

/** The caller's own account: customers.list returns only it for a customer. */
async function loadOwnAccount() {
  const page = await listCustomers({});
  return page.items[0] ?? null;
}

function Balance() {
  const account = useRemote(loadOwnAccount, "own");
  const customer = account.data;
  return (
    <View className="card" data-testid="account-balance">
      <ErrorBanner error={account.error} onRetry={account.reload} />
      {account.isLoading && !customer ? <Text className="muted">加载中…</Text> : null}
      {customer ? (
        <>
          <View className="account-balance__row">
            <Text>当前欠款</Text>
            <Text
              className="account-balance__figure"
              data-testid="outstanding"
              data-fen={customer.outstandingFen}
            >
              {formatYuan(customer.outstandingFen)}
            </Text>
          </View>
          <View className="account-balance__row">
            <Text>其中已逾期</Text>
            <Text className={customer.overdueFen > 0 ? "price" : ""} data-testid="overdue" data-fen={customer.overdueFen}>
              {formatYuan(customer.overdueFen)}
            </Text>
          </View>
        </>
      ) : null}
    </View>
  );
}

export default function AccountStatementPage() {
  const thisMonth = chinaMonth(Date.now());
  const [month, setMonth] = useState(thisMonth);
  const statement = useRemote(() => getStatement({ month }), month);
  const share = useStatementShare({ month, title: `${statement.data?.customerName ?? ""} ${month} 对账单`.trim() });

  return (
    <View className="page account-page">
      <Balance />
      <DateField label="月份" value={month} end={thisMonth} isMonth onChange={setMonth} testId="statement-month" />
      <RemoteLoadState remote={statement} />
      {statement.data ? <StatementCard statement={statement.data} /> : null}
      <FileButton label="下载 Excel 对账单" testId="export-statement" load={() => exportStatement({ month })} />
      <StatementSharePanel share={share} />
    </View>
  );
}
