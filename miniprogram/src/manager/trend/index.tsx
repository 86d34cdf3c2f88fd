import { useMemo, useState } from "react";
import { Text, View } from "@tarojs/components";

import { chinaMonth } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import { exportReport, getMonthlyTrend } from "../../api/reports";
import { ErrorBanner } from "../../components/error-banner";
import { BarChart } from "../components/bar-chart";
import { ExportButton } from "../components/export-button";
import { DateFilter, RegionFilter, TextFilter } from "../components/filters";
import {
  formatFenShort,
  lastDayOf,
  openOrders,
} from "../components/navigation";
import { monthAxisLabels } from "../components/month-labels";
import { useReport } from "../components/use-report";
import "../components/manager.css";

function monthsAgo(count: number): string {
  const [year, month] = chinaMonth(Date.now()).split("-").map(Number);
  const index = year * 12 + month - 1 - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Orders and amount per month, filtered by region, category or salesperson. */
export default function TrendPage() {
  const [filter, setFilter] = useState<{
    from: string;
    to: string;
    region?: string;
    category?: string;
  }>({
    from: monthsAgo(11),
    to: monthsAgo(0),
  });
  const trend = useReport(JSON.stringify(filter), () =>
    getMonthlyTrend(filter),
  );
  const bars = useMemo(
    () =>
      (trend.data?.months ?? []).map((month) => ({
        label: month.month,
        value: month.amountFen,
      })),
    [trend.data],
  );
  const formatMonth = useMemo(() => {
    const labels = monthAxisLabels(bars.map((bar) => bar.label));
    return (month: string) => labels.get(month) ?? month;
  }, [bars]);
  // orders.list filters by customer, status and date only, so months open orders only without other filters.
  const canDrillDown =
    filter.region === undefined && filter.category === undefined;

  return (
    <View className="manager-page" data-testid="report-trend">
      <View className="manager-filters">
        <DateFilter
          label="起"
          fields="month"
          value={filter.from}
          onChange={(from) => setFilter({ ...filter, from })}
        />
        <DateFilter
          label="止"
          fields="month"
          value={filter.to}
          onChange={(to) => setFilter({ ...filter, to })}
        />
        <RegionFilter
          value={filter.region}
          onChange={(region) => setFilter({ ...filter, region })}
        />
        <TextFilter
          label="类目"
          value={filter.category}
          placeholder="全部"
          onChange={(category) => setFilter({ ...filter, category })}
        />
      </View>
      <ErrorBanner error={trend.error} />
      {trend.data ? (
        <View className="manager-card">
          <Text className="manager-card__title">
            合计 {trend.data.total.orders} 单，
            {formatYuan(trend.data.total.amountFen)}
          </Text>
          <BarChart
            canvasId="trend"
            data={bars}
            formatValue={formatFenShort}
            formatLabel={formatMonth}
          />
          {trend.data.months.map((month) => (
            <View
              key={month.month}
              className="manager-row"
              onClick={() =>
                canDrillDown &&
                openOrders({
                  title: `${month.month} 的订单`,
                  from: `${month.month}-01`,
                  to: lastDayOf(month.month),
                })
              }
            >
              <Text>{month.month}</Text>
              <Text className="manager-row__value">
                {month.orders} 单 · {formatYuan(month.amountFen)}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
      <ExportButton
        testId="export-trend"
        load={() => exportReport({ report: "monthlyTrend", ...filter })}
      />
    </View>
  );
}
