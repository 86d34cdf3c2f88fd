import { useEffect, useState } from "react";
import Taro, { useRouter } from "@tarojs/taro";
import { Input, Text, View } from "@tarojs/components";

import { formatYuan } from "../../../../shared/money";
import type { PaymentView } from "../../../../shared/schemas/finance";
import { ApiError } from "../../api/api-error";
import { rematchPayment } from "../../api/finance";
import { useRemote } from "../../api/use-remote";
import { ErrorBanner } from "../../components/error-banner";
import { RemoteLoadState } from "../../components/load-state";
import { signOutIfUnauthenticated } from "../../session/use-session";
import { Button, TextArea } from "../../ui/nutui";
import { paymentMethodLabel } from "../labels";
import {
  currentAmounts,
  fillByDueDate,
  parseAllocations,
  type AllocationRow,
} from "./allocation-rows";
import { loadRematch } from "./load-rematch";
import "../finance.css";

interface RowProps {
  row: AllocationRow;
  value: string;
  error: string | null;
  onChange: (text: string) => void;
}

function ReceivableRow({ row, value, error, onChange }: RowProps) {
  return (
    <View className="fin-option" data-testid="rematch-row" data-receivable-id={row.receivableId}>
      <View className="fin-row">
        <Text className="fin-option__name">{row.orderNo ?? row.receivableId}</Text>
        <Text className="muted">最多 {formatYuan(row.maxFen)}</Text>
      </View>
      {row.dueAt ? (
        <Text className="muted">
          到期 {row.dueAt.slice(0, 10)}
          {row.daysOverdue > 0 ? ` · 逾期 ${row.daysOverdue} 天` : ""}
        </Text>
      ) : (
        <Text className="muted">已结清（本笔收款已匹配 {formatYuan(row.currentFen)}）</Text>
      )}
      <Input
        className="fin-field"
        data-testid="rematch-amount"
        type="digit"
        placeholder="匹配金额（元），不匹配留空"
        value={value}
        onInput={(event) => onChange(event.detail.value)}
      />
      {error ? <Text className="fin-field-error">{error}</Text> : null}
    </View>
  );
}

export default function RematchPage() {
  const paymentId = useRouter().params.paymentId ?? "";
  const remote = useRemote(() => loadRematch(paymentId), paymentId, paymentId !== "");
  const data = remote.data;
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [reason, setReason] = useState("");
  const [isSaving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [saved, setSaved] = useState<PaymentView | null>(null);

  useEffect(() => {
    if (data) setAmounts(currentAmounts(data.rows));
  }, [data]);

  const parsed = data ? parseAllocations(data.rows, amounts, data.payment.amountFen) : null;
  const totalFen = parsed?.ok ? parsed.totalFen : null;

  async function save(): Promise<void> {
    if (isSaving || !data || !parsed) return;
    if (!parsed.ok) {
      void Taro.showToast({ title: parsed.message, icon: "none" });
      return;
    }
    if (reason.trim() === "") {
      void Taro.showToast({ title: "请填写调整原因", icon: "none" });
      return;
    }
    setSaving(true);
    setError(null);
    setConflict(null);
    try {
      const payment = await rematchPayment({
        paymentId,
        allocations: parsed.allocations,
        reason: reason.trim(),
      });
      setSaved(payment);
      void Taro.showToast({ title: "已重新匹配", icon: "success" });
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      if (failure instanceof ApiError && failure.code === "ORDER_STATE_CONFLICT") {
        // The server's one conflict here: this payment's credit already paid later items.
        setConflict("这笔收款留下的余额已被后来的订单抵扣，请先调整那些订单的匹配");
        remote.reload();
      } else {
        setError(failure);
      }
    } finally {
      setSaving(false);
    }
  }

  if (paymentId === "") {
    return (
      <View className="page finance-page">
        <View className="card" data-testid="rematch-no-payment">
          <Text className="muted">这里匹配某一笔收款。请在未匹配收款中选择一笔。</Text>
          <Button
            block
            type="primary"
            onClick={() => void Taro.redirectTo({ url: "/finance/unmatched/index" })}
          >
            查看未匹配收款
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View className="page finance-page">
      <RemoteLoadState remote={remote} />
      {data ? (
        <View className="card" data-testid="rematch-payment">
          <Text className="fin-section">
            {data.customerName} · {formatYuan(data.payment.amountFen)}
          </Text>
          <Text className="muted" style={{ display: "block" }}>
            {paymentMethodLabel(data.payment.method)} · {data.payment.externalRef}
          </Text>
          <Text className="muted" style={{ display: "block" }}>
            当前未匹配 {formatYuan((saved ?? data.payment).unappliedFen)}
          </Text>
        </View>
      ) : null}

      {saved ? (
        <View className="card" data-testid="rematch-done" data-unapplied-fen={saved.unappliedFen}>
          <Text className="fin-section">已重新匹配</Text>
          {saved.allocations.map((allocation) => (
            <View key={allocation.receivableId} className="fin-row">
              <Text>{allocation.orderNo ?? allocation.receivableId}</Text>
              <Text>{formatYuan(allocation.amountFen)}</Text>
            </View>
          ))}
          <View className="fin-actions">
            <Button block onClick={() => void Taro.navigateBack()}>
              返回
            </Button>
          </View>
        </View>
      ) : null}

      {data && !saved ? (
        <>
          <View className="card">
            <View className="fin-row">
              <Text className="fin-section">应收款</Text>
              <View data-testid="rematch-fill">
                <Button
                  size="small"
                  fill="outline"
                  onClick={() => setAmounts(fillByDueDate(data.rows, data.payment.amountFen))}
                >
                  按到期先后填入
                </Button>
              </View>
            </View>
            {data.rows.length === 0 ? <Text className="muted">该客户没有未结清的应收款</Text> : null}
            {data.rows.map((row) => (
              <ReceivableRow
                key={row.receivableId}
                row={row}
                value={amounts[row.receivableId] ?? ""}
                error={parsed && !parsed.ok && parsed.receivableId === row.receivableId ? parsed.message : null}
                onChange={(text) => setAmounts((current) => ({ ...current, [row.receivableId]: text }))}
              />
            ))}
            {parsed && !parsed.ok && !parsed.receivableId ? (
              <Text className="fin-field-error">{parsed.message}</Text>
            ) : null}
            {totalFen !== null ? (
              <Text className="muted" data-testid="rematch-total" style={{ display: "block", marginTop: "12px" }}>
                匹配合计 {formatYuan(totalFen)}，余下 {formatYuan(data.payment.amountFen - totalFen)} 记为客户余额
              </Text>
            ) : null}
          </View>

          <View className="card" data-testid="rematch-reason">
            <Text className="fin-section">调整原因</Text>
            <TextArea
              placeholder="例如：客户指定支付某张订单，最多 200 字"
              maxLength={200}
              rows={2}
              value={reason}
              onChange={(value) => setReason(value)}
            />
          </View>

          {conflict ? <Text className="hint">{conflict}</Text> : null}
          <ErrorBanner error={error} />
          <View className="fin-actions" data-testid="save-rematch">
            <Button block type="primary" loading={isSaving} onClick={() => void save()}>
              保存匹配
            </Button>
          </View>
        </>
      ) : null}
    </View>
  );
}
