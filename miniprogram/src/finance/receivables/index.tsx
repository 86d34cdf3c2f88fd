import { useEffect, useRef, useState } from "react";
import { Text, View } from "@tarojs/components";

import { chinaDate } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import type {
  AgeBucket,
  CustomerAgeingView,
  ReceivablesAgeingView,
} from "../../../../shared/schemas/finance";
import { getReceivables } from "../../api/finance";
import { DateField } from "../../components/date-field";
import { LoadState } from "../../components/load-state";
import { signOutIfUnauthenticated } from "../../session/use-session";
import { Button } from "../../ui/nutui";
import { AGE_BUCKET_LABELS } from "../labels";
import "../finance.css";

const PAGE_SIZE = 20;

function Buckets({ buckets, testId }: { buckets: Record<AgeBucket, number>; testId: string }) {
  return (
    <View className="fin-buckets" data-testid={testId}>
      {AGE_BUCKET_LABELS.map(({ bucket, label }) => (
        <View
          key={bucket}
          className={bucket === "current" ? "fin-bucket" : "fin-bucket fin-bucket--overdue"}
          data-testid="age-bucket"
          data-bucket={bucket}
          data-fen={buckets[bucket]}
        >
          <Text className="muted">{label}</Text>
          <Text className="fin-bucket__amount">{formatYuan(buckets[bucket])}</Text>
        </View>
      ))}
    </View>
  );
}

function CustomerAgeing({ ageing }: { ageing: CustomerAgeingView }) {
  const [isOpen, setOpen] = useState(false);
  return (
    <View className="card" data-testid="ageing-customer" data-customer-id={ageing.customerId}>
      <View className="fin-row fin-option" onClick={() => setOpen(!isOpen)}>
        <Text className="fin-option__name">{ageing.customerName}</Text>
        <Text className="price">
          {formatYuan(ageing.outstandingFen)} {isOpen ? "▴" : "▾"}
        </Text>
      </View>
      <Buckets buckets={ageing.buckets} testId="customer-buckets" />
      {isOpen
        ? ageing.items.map((item) => (
            <View key={item.receivableId} className="fin-row" data-testid="ageing-item">
              <Text className="muted">
                到期 {item.dueAt.slice(0, 10)}
                {item.daysOverdue > 0 ? ` · 逾期 ${item.daysOverdue} 天` : ""}
              </Text>
              <Text>{formatYuan(item.outstandingFen)}</Text>
            </View>
          ))
        : null}
    </View>
  );
}

/** Pages receivables ageing by customer, starting again when the date changes. */
function useAgeing(date: string) {
  const [pages, setPages] = useState<ReceivablesAgeingView[]>([]);
  const [isLoading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  // A reply to an older date or cursor is dropped when a newer call started.
  const latest = useRef(0);

  async function load(cursor: string | undefined): Promise<void> {
    const call = latest.current + 1;
    latest.current = call;
    setLoading(true);
    setError(null);
    try {
      const page = await getReceivables({ date, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      if (latest.current !== call) return;
      setPages((loaded) => (cursor ? [...loaded, page] : [page]));
    } catch (failure) {
      if (latest.current !== call) return;
      signOutIfUnauthenticated(failure);
      setError(failure);
    } finally {
      if (latest.current === call) setLoading(false);
    }
  }

  // load reads only date, so a new date is the one reason to start over.
  useEffect(() => {
    setPages([]);
    void load(undefined);
  }, [date]);

  const last = pages[pages.length - 1];
  return {
    first: pages[0] ?? null,
    customers: pages.flatMap((page) => page.customers),
    nextCursor: last?.nextCursor ?? null,
    isLoading,
    error,
    reload: () => void load(undefined),
    loadMore: () => {
      if (last?.nextCursor && !isLoading) void load(last.nextCursor);
    },
  };
}

export default function ReceivablesPage() {
  const today = chinaDate(Date.now());
  const [date, setDate] = useState(today);
  const ageing = useAgeing(date);
  const totals = ageing.first?.totals;
  const totalFen = totals ? Object.values(totals).reduce((sum, fen) => sum + fen, 0) : 0;

  return (
    <View className="page finance-page">
      <DateField label="账龄截至" value={date} end={today} onChange={setDate} testId="ageing-date" />
      {totals ? (
        <View className="card" data-testid="ageing-totals">
          <View className="fin-row">
            <Text className="fin-section">应收合计</Text>
            <Text className="fin-big">{formatYuan(totalFen)}</Text>
          </View>
          <Buckets buckets={totals} testId="total-buckets" />
        </View>
      ) : null}
      <LoadState
        isLoading={ageing.isLoading}
        error={ageing.error}
        isEmpty={ageing.customers.length === 0}
        emptyText="没有未收的应收款"
        onRetry={ageing.reload}
        hasData={ageing.first !== null}
      />
      {ageing.customers.map((customer) => (
        <CustomerAgeing key={customer.customerId} ageing={customer} />
      ))}
      {ageing.nextCursor && !ageing.isLoading ? (
        <View className="load-more" data-testid="load-more">
          <Button block onClick={ageing.loadMore}>
            加载更多
          </Button>
        </View>
      ) : null}
    </View>
  );
}
