import { useMemo, useState } from "react";
import { useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { chinaDate, isCalendarDate } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import { ORDER_STATUS_LABELS } from "../../../../shared/order-status";
import type { DayTotals } from "../../../../shared/schemas/reports";
import { getDashboard } from "../../api/reports";
import { ErrorBanner } from "../../components/error-banner";
import { BarChart, ShareChart } from "../components/bar-chart";
import { DateFilter } from "../components/filters";
import {
  formatFenShort,
  openOrders,
  openReport,
} from "../components/navigation";
import { useReport } from "../components/use-report";
import "../components/manager.css";

function DayFigure({ label, day }: { label: string; day: DayTotals }) {
  return (
    <View
      className="manager-figure"
      data-testid={`day-${label}`}
      onClick={() =>
        openOrders({
          title: `${day.date} 的订单`,
          from: day.date,
          to: day.date,
        })
      }
    >
      <Text className="manager-figure__label">
        {label}（{day.date.slice(5)}）
      </Text>
      <Text className="manager-figure__value">{day.orders} 单</Text>
      <Text className="manager-row__sub">{formatYuan(day.amountFen)}</Text>
    </View>
  );
}

/** Characters of a customer's name shown beside a bar. */
const BAR_NAME_LENGTH = 6;

function shortName(name: string): string {
  const characters = [...name];
  return characters.length <= BAR_NAME_LENGTH
    ? name
    : `${characters.slice(0, BAR_NAME_LENGTH).join("")}…`;
}

/**
 * Returns the whole words that every name starts with, such as "Online
 * Retail " in imported history, so bar labels can show the part that
 * differs. Names without spaces, as Chinese shop names are, share none.
 */
function sharedStart(names: readonly string[]): string {
  if (names.length < 2) return "";
  let shared = names[0];
  for (const name of names) {
    while (!name.startsWith(shared)) shared = shared.slice(0, -1);
  }
  return shared.slice(0, shared.lastIndexOf(" ") + 1);
}

function percent(basisPoints: number): string {
  return `${(basisPoints / 100).toFixed(1)}%`;
}

/** The owner's dashboard: today against yesterday, the month's top customers and regions, waiting orders. */
export default function DashboardPage() {
  // Undefined is today in China time. An earlier day shows the business as
  // it stood then, e.g. imported history.
  // A `date` in the page's link (YYYY-MM-DD) opens that day.
  const linked = useRouter().params.date;
  const [asOf, setAsOf] = useState<string | undefined>(
    linked && isCalendarDate(linked) ? linked : undefined,
  );
  const dashboard = useReport(`dashboard:${asOf ?? "today"}`, () =>
    getDashboard(asOf),
  );
  const data = dashboard.data;

  const topBars = useMemo(() => {
    const customers = data?.topCustomers ?? [];
    const shared = sharedStart(customers.map((customer) => customer.name));
    // The rank keeps bar labels unique, because F2 merges bars with the
    // same label; long shop names are cut to fit beside the bars.
    return customers.map((customer, index) => ({
      label: `${index + 1}. ${shortName(customer.name.slice(shared.length).trim() || customer.name)}`,
      value: customer.amountFen,
    }));
  }, [data]);
  const regionShares = useMemo(
    () =>
      (data?.regions ?? []).map((region) => ({
        label: region.regionGroup || "未知",
        value: region.amountFen,
      })),
    [data],
  );

  return (
    <View className="manager-page" data-testid="manager-dashboard">
      {data || dashboard.error ? (
        <View className="manager-filters" data-testid="dashboard-as-of">
          <DateFilter
            label="截至"
            value={data?.asOf ?? asOf ?? chinaDate(Date.now())}
            onChange={setAsOf}
          />
        </View>
      ) : null}
      <ErrorBanner error={dashboard.error} />
      {data ? (
        <>
          <View className="manager-card">
            <Text className="manager-card__title">截至 {data.asOf}</Text>
            <View className="manager-figures">
              <DayFigure label="今日" day={data.today} />
              <DayFigure label="昨日" day={data.yesterday} />
            </View>
            <Text className="manager-row__sub">
              本月累计 {data.monthTotals.orders} 单，
              {formatYuan(data.monthTotals.amountFen)}（已取消、已驳回不计）
            </Text>
          </View>

          <View className="manager-card">
            <Text className="manager-card__title">本月客户金额前十</Text>
            <BarChart
              canvasId="top-customers"
              data={topBars}
              formatValue={formatFenShort}
              height={Math.max(160, topBars.length * 32)}
              isHorizontal
            />
            {data.topCustomers.map((customer, index) => (
              <View
                key={customer.customerId}
                className="manager-row"
                data-testid="top-customer"
                onClick={() =>
                  openOrders({
                    title: `${customer.name} 本月订单`,
                    customerId: customer.customerId,
                    from: `${data.month}-01`,
                    to: data.asOf,
                  })
                }
              >
                <View className="manager-row__main">
                  <Text>
                    {index + 1}. {customer.name}
                  </Text>
                  <Text className="manager-row__sub">{customer.orders} 单</Text>
                </View>
                <Text className="manager-row__value">
                  {formatYuan(customer.amountFen)}
                </Text>
              </View>
            ))}
          </View>

          <View className="manager-card">
            <Text className="manager-card__title">本月各大区占比</Text>
            <ShareChart canvasId="regions" data={regionShares} />
            {data.regions.map((region) => (
              <View
                key={region.regionGroup}
                className="manager-row"
                onClick={() =>
                  openReport(
                    "frequency",
                    `region=${encodeURIComponent(region.regionGroup)}&from=${data.month}-01&to=${data.asOf}`,
                  )
                }
              >
                <View className="manager-row__main">
                  <Text>{region.regionGroup || "未知大区"}</Text>
                  <Text className="manager-row__sub">
                    订单 {region.orders}（{percent(region.orderShareBp)}）
                  </Text>
                </View>
                <Text className="manager-row__value">
                  {formatYuan(region.amountFen)}（
                  {percent(region.amountShareBp)}）
                </Text>
              </View>
            ))}
          </View>

          <View className="manager-card">
            <Text className="manager-card__title">待处理订单</Text>
            {data.waiting.map((item) => (
              <View
                key={item.status}
                className="manager-row"
                onClick={() =>
                  openOrders({
                    title: ORDER_STATUS_LABELS[item.status],
                    status: item.status,
                  })
                }
              >
                <Text>{ORDER_STATUS_LABELS[item.status]}</Text>
                <Text className="manager-row__value">{item.orders} 单</Text>
              </View>
            ))}
          </View>
        </>
      ) : null}
      {dashboard.isLoading && !data ? (
        <Text className="empty">加载中…</Text>
      ) : null}

      <View className="manager-card">
        <Text className="manager-card__title">报表</Text>
        <View className="manager-links">
          <Text className="manager-link" onClick={() => openReport("trend")}>
            月度趋势
          </Text>
          <Text
            className="manager-link"
            onClick={() => openReport("frequency")}
          >
            客户订货频次
          </Text>
          <Text className="manager-link" onClick={() => openReport("ranking")}>
            商品销售排行
          </Text>
          <Text className="manager-link" onClick={() => openReport("dormant")}>
            沉睡客户
          </Text>
        </View>
      </View>
    </View>
  );
}
