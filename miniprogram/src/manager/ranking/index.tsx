import { useState } from "react";
import { View } from "@tarojs/components";

import { addChinaDays, chinaDate } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import type { RankingMeasure } from "../../../../shared/schemas/reports";
import { exportReport, getProductRanking } from "../../api/reports";
import { ExportButton } from "../components/export-button";
import { DateFilter, TextFilter } from "../components/filters";
import { ReportRows } from "../components/report-rows";
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
      <ReportRows
        report={report}
        emptyText="没有数据"
        row={(row, index) => ({
          key: row.skuId,
          title: `${index + 1}. ${row.name}`,
          detail: `${row.skuId} · ${row.category}`,
          value: `${row.baseQuantity} ${row.baseUnit} · ${formatYuan(row.amountFen)}`,
        })}
      />
      <ExportButton
        testId="export-ranking"
        load={() => exportReport({ report: "productRanking", ...filter })}
      />
    </View>
  );
}
