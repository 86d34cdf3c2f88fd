import { useState } from "react";
import { View } from "@tarojs/components";

import { chinaDate } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import { exportReport, getDormantCustomers } from "../../api/reports";
import { ExportButton } from "../components/export-button";
import { DateFilter, RegionFilter, TextFilter } from "../components/filters";
import { openOrders } from "../components/navigation";
import { ReportRows } from "../components/report-rows";
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
      <ReportRows
        report={report}
        emptyText="没有沉睡客户"
        row={(row) => ({
          key: row.customerId,
          title: row.name,
          detail: `最近下单 ${row.lastOrderDate}，已 ${row.daysSilent} 天`,
          value: `月均 ${formatYuan(row.usualMonthlyFen)}`,
          onClick: () =>
            openOrders({
              title: `${row.name} 的订单`,
              customerId: row.customerId,
            }),
        })}
      />
      <ExportButton
        testId="export-dormant"
        load={() => exportReport({ report: "dormantCustomers", ...filter })}
      />
    </View>
  );
}
