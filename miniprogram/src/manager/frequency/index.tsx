import { useState } from "react";
import { useRouter } from "@tarojs/taro";
import { View } from "@tarojs/components";

import { addChinaDays, chinaDate } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import { exportReport, getCustomerFrequency } from "../../api/reports";
import { ExportButton } from "../components/export-button";
import { DateFilter, RegionFilter } from "../components/filters";
import { openOrders } from "../components/navigation";
import { ReportRows } from "../components/report-rows";
import { usePagedReport } from "../components/use-report";
import "../components/manager.css";

/** Orders per customer in a period, most frequent first, with the last order date. */
export default function FrequencyPage() {
  const { params } = useRouter();
  const today = chinaDate(Date.now());
  const [filter, setFilter] = useState<{
    from: string;
    to: string;
    region?: string;
  }>({
    from: params.from ?? addChinaDays(today, -89),
    to: params.to ?? today,
    region: params.region ? decodeURIComponent(params.region) : undefined,
  });
  const report = usePagedReport(JSON.stringify(filter), (cursor) =>
    getCustomerFrequency({ ...filter, cursor, limit: 50 }),
  );

  return (
    <View className="manager-page" data-testid="report-frequency">
      <View className="manager-filters">
        <DateFilter
          label="起"
          value={filter.from}
          onChange={(from) => setFilter({ ...filter, from })}
        />
        <DateFilter
          label="止"
          value={filter.to}
          onChange={(to) => setFilter({ ...filter, to })}
        />
        <RegionFilter
          value={filter.region}
          onChange={(region) => setFilter({ ...filter, region })}
        />
      </View>
      <ReportRows
        report={report}
        emptyText="没有数据"
        row={(row) => ({
          key: row.customerId,
          title: row.name,
          detail: `${row.regionGroup} · 最近下单 ${row.lastOrderDate}`,
          value: `${row.orders} 单 · ${formatYuan(row.amountFen)}`,
          onClick: () =>
            openOrders({
              title: `${row.name} 的订单`,
              customerId: row.customerId,
              from: filter.from,
              to: filter.to,
            }),
        })}
      />
      <ExportButton
        testId="export-frequency"
        load={() => exportReport({ report: "customerFrequency", ...filter })}
      />
    </View>
  );
}
