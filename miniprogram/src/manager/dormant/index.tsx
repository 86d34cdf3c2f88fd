import { useState } from "react";
import { Button, Text, View } from "@tarojs/components";

import { chinaDate } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import { exportReport, getDormantCustomers } from "../../api/reports";
import { ErrorBanner } from "../../components/error-banner";
import { ExportButton } from "../components/export-button";
import { DateFilter, RegionFilter, TextFilter } from "../components/filters";
import { openOrders } from "../components/navigation";
import { usePagedReport } from "../components/use-report";
import "../components/manager.css";

/** Customers with no order for more than N days (30 unless changed), the most valuable first. */
export default function DormantPage() {
  const [filter, setFilter] = useState<{
    date: string;
    days: number;
    region?: string;
  }>({
    date: chinaDate(Date.now()),
    days: 30,
  });
  const report = usePagedReport(JSON.stringify(filter), (cursor) =>
    getDormantCustomers({ ...filter, cursor, limit: 50 }),
  );

  return (
    <View className="manager-page" data-testid="report-dormant">
      <View className="manager-filters">
        <DateFilter
          label="截至"
          value={filter.date}
          onChange={(date) => setFilter({ ...filter, date })}
        />
        <TextFilter
          label="超过天数"
          value={String(filter.days)}
          placeholder="30"
          onChange={(text) => {
            const days = Number(text ?? "30");
            if (Number.isInteger(days) && days >= 1 && days <= 3650)
              setFilter({ ...filter, days });
          }}
        />
        <RegionFilter
          value={filter.region}
          onChange={(region) => setFilter({ ...filter, region })}
        />
      </View>
      <ErrorBanner error={report.error} />
      <View className="manager-card">
        {report.rows.map((row) => (
          <View
            key={row.customerId}
            className="manager-row"
            onClick={() =>
              openOrders({
                title: `${row.name} 的订单`,
                customerId: row.customerId,
              })
            }
          >
            <View className="manager-row__main">
              <Text>{row.name}</Text>
              <Text className="manager-row__sub">
                最近下单 {row.lastOrderDate}，已 {row.daysSilent} 天
              </Text>
            </View>
            <Text className="manager-row__value">
              月均 {formatYuan(row.usualMonthlyFen)}
            </Text>
          </View>
        ))}
        {!report.isLoading && report.rows.length === 0 && !report.error ? (
          <Text className="empty">没有沉睡客户</Text>
        ) : null}
        {report.isLoading ? <Text className="empty">加载中…</Text> : null}
      </View>
      {report.hasMore && !report.isLoading ? (
        <Button onClick={report.loadMore}>加载更多</Button>
      ) : null}
      <ExportButton
        testId="export-dormant"
        load={() => exportReport({ report: "dormantCustomers", ...filter })}
      />
    </View>
  );
}
