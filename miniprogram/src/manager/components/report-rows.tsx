import type { ReactNode } from "react";
import { Button, Text, View } from "@tarojs/components";

import { ErrorBanner } from "../../components/error-banner";
import type { PagedReport } from "./use-report";

/** Content of one report row: a title, a grey detail line and a value on the right. */
export interface ReportRowContent {
  key: string;
  title: ReactNode;
  detail: ReactNode;
  value: ReactNode;
  onClick?: () => void;
  /** Test id of the row, "report-row" unless given. */
  testId?: string;
}

interface ReportRowsProps<Row> {
  report: PagedReport<Row>;
  row: (item: Row, index: number) => ReportRowContent;
  emptyText: string;
  /** Content shown in the card above the rows, such as a title. */
  header?: ReactNode;
}

/**
 * Renders a paged report as a card of rows with its error, empty and
 * loading states and a "load more" button while more pages remain.
 */
export function ReportRows<Row>({
  report,
  row,
  emptyText,
  header,
}: ReportRowsProps<Row>) {
  return (
    <>
      <ErrorBanner error={report.error} />
      <View className="manager-card">
        {header}
        {report.rows.map((item, index) => {
          const content = row(item, index);
          return (
            <View
              key={content.key}
              className="manager-row"
              data-testid={content.testId ?? "report-row"}
              data-key={content.key}
              onClick={content.onClick}
            >
              <View className="manager-row__main">
                <Text>{content.title}</Text>
                <Text className="manager-row__sub">{content.detail}</Text>
              </View>
              <Text className="manager-row__value">{content.value}</Text>
            </View>
          );
        })}
        {!report.isLoading && report.rows.length === 0 && !report.error ? (
          <Text className="empty">{emptyText}</Text>
        ) : null}
        {report.isLoading ? <Text className="empty">加载中…</Text> : null}
      </View>
      {report.hasMore && !report.isLoading ? (
        <Button onClick={report.loadMore}>加载更多</Button>
      ) : null}
    </>
  );
}
