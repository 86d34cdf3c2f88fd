import { useState } from "react";
import { Button, Text, View } from "@tarojs/components";

import { addChinaDays, chinaDate } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import type { RankingMeasure } from "../../../../shared/schemas/reports";
import { exportReport, getProductRanking } from "../../api/reports";
import { ErrorBanner } from "../../components/error-banner";
import { ExportButton } from "../components/export-button";
import { DateFilter, TextFilter } from "../components/filters";
import { usePagedReport } from "../components/use-report";
import "../components/manager.css";

/** SKUs by quantity sold (in base units) or by amount, in a period. */
export default function RankingPage() {
  const today = chinaDate(Date.now());
  const [filter, setFilter] = useState<{
    from: string;
    to: string;
    by: RankingMeasure;
    category?: string;
  }>({
    from: addChinaDays(today, -29),
    to: today,
    by: "amount",
  });
  const report = usePagedReport(JSON.stringify(filter), (cursor) =>
    getProductRanking({ ...filter, cursor, limit: 50 }),
  );

  return (
    <View className="manager-page" data-testid="report-ranking">
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
        <View
          className="manager-filter"
          onClick={() =>
            setFilter({
              ...filter,
              by: filter.by === "amount" ? "quantity" : "amount",
            })
          }
        >
          按{filter.by === "amount" ? "金额" : "数量"}排序 ⇄
        </View>
        <TextFilter
          label="类目"
          value={filter.category}
          placeholder="全部"
          onChange={(category) => setFilter({ ...filter, category })}
        />
      </View>
      <ErrorBanner error={report.error} />
      <View className="manager-card">
        {report.rows.map((row, index) => (
          <View key={row.skuId} className="manager-row">
            <View className="manager-row__main">
              <Text>
                {index + 1}. {row.name}
              </Text>
              <Text className="manager-row__sub">
                {row.skuId} · {row.category}
              </Text>
            </View>
            <Text className="manager-row__value">
              {row.baseQuantity} {row.baseUnit} · {formatYuan(row.amountFen)}
            </Text>
          </View>
        ))}
        {!report.isLoading && report.rows.length === 0 && !report.error ? (
          <Text className="empty">没有数据</Text>
        ) : null}
        {report.isLoading ? <Text className="empty">加载中…</Text> : null}
      </View>
      {report.hasMore && !report.isLoading ? (
        <Button onClick={report.loadMore}>加载更多</Button>
      ) : null}
      <ExportButton
        testId="export-ranking"
        load={() => exportReport({ report: "productRanking", ...filter })}
      />
    </View>
  );
}
