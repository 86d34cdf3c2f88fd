import { useState } from "react";
import Taro from "@tarojs/taro";
import { Input, Picker, Text, View } from "@tarojs/components";

import { chinaDate, toChinaIso } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import { FINANCE_DESK_ROLES } from "../../../../shared/roles";
import type { PaymentView } from "../../../../shared/schemas/finance";
import { ApiError } from "../../api/api-error";
import type { CustomerOption } from "../../api/customers";
import { recordPayment, type PaymentMethod } from "../../api/finance";
import { createRequestId } from "../../cart/request-id";
import { ChipGroup } from "../../components/chip-group";
import { DateField } from "../../components/date-field";
import { ErrorBanner } from "../../components/error-banner";
import { readRole, signOutIfUnauthenticated } from "../../session/use-session";
import { Button, TextArea } from "../../ui/nutui";
import { CustomerPicker } from "../customer-picker";
import { ALLOCATION_MODE_LABELS, PAYMENT_METHOD_LABELS } from "../labels";
import { cashReceiptRef, externalRefError, parseAmount, receivedAtIso } from "./payment-form";
import "../finance.css";

const METHOD_OPTIONS = (Object.keys(PAYMENT_METHOD_LABELS) as PaymentMethod[]).map((method) => ({
  key: method,
  label: PAYMENT_METHOD_LABELS[method],
}));

function isPaymentMethod(key: string): key is PaymentMethod {
  return key in PAYMENT_METHOD_LABELS;
}

function nowInChina(): { date: string; time: string } {
  const iso = toChinaIso(Date.now());
  return { date: chinaDate(Date.now()), time: iso.slice(11, 16) };
}

function PaymentResult({ payment, onNext }: { payment: PaymentView; onNext: () => void }) {
  const canRematch = FINANCE_DESK_ROLES.includes(readRole());
  return (
    <View className="card" data-testid="payment-result" data-payment-id={payment.paymentId}>
      <Text className="fin-section">已记录收款 {formatYuan(payment.amountFen)}</Text>
      <Text className="muted">流水号 {payment.externalRef}</Text>
      {payment.allocations.map((allocation) => (
        <View key={allocation.receivableId} className="fin-row" data-testid="payment-allocation">
          <Text>
            {allocation.orderNo ?? allocation.receivableId} · {ALLOCATION_MODE_LABELS[allocation.mode]}
          </Text>
          <Text className="price">{formatYuan(allocation.amountFen)}</Text>
        </View>
      ))}
      {payment.unappliedFen > 0 ? (
        <Text className="hint" data-testid="payment-unapplied">
          {formatYuan(payment.unappliedFen)} 未匹配到订单，已记为客户余额，
          {canRematch ? "可手动匹配" : "可请财务手动匹配"}
        </Text>
      ) : null}
      <View className="fin-actions">
        {payment.unappliedFen > 0 && canRematch ? (
          <Button
            block
            type="primary"
            fill="outline"
            onClick={() =>
              void Taro.navigateTo({
                url: `/finance/rematch/index?paymentId=${encodeURIComponent(payment.paymentId)}`,
              })
            }
          >
            手动匹配
          </Button>
        ) : null}
        <View data-testid="record-another">
          <Button block onClick={onNext}>
            再记一笔
          </Button>
        </View>
      </View>
    </View>
  );
}

export default function RecordPaymentPage() {
  const [customer, setCustomer] = useState<CustomerOption | null>(null);
  const [amountText, setAmountText] = useState("");
  const [method, setMethod] = useState<PaymentMethod>("bank_transfer");
  const [externalRef, setExternalRef] = useState("");
  const [received, setReceived] = useState(nowInChina);
  const [note, setNote] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [isSaving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [recorded, setRecorded] = useState<PaymentView | null>(null);

  /** Removes the validation message of `field`, for when that field becomes valid. */
  function clearFieldError(field: string): void {
    setFieldErrors((current) => {
      if (!(field in current)) return current;
      const { [field]: _fixed, ...rest } = current;
      return rest;
    });
  }

  function chooseCustomer(next: CustomerOption): void {
    setCustomer(next);
    clearFieldError("customer");
  }

  function changeAmount(text: string): void {
    setAmountText(text);
    if (!("error" in parseAmount(text))) clearFieldError("amount");
  }

  function changeExternalRef(text: string): void {
    setExternalRef(text);
    if (externalRefError(text) === null) clearFieldError("externalRef");
  }

  function reset(): void {
    setAmountText("");
    setExternalRef("");
    setNote("");
    setReceived(nowInChina());
    setFieldErrors({});
    setError(null);
    setRecorded(null);
  }

  async function save(): Promise<void> {
    if (isSaving) return;
    const amount = parseAmount(amountText);
    const refProblem = externalRefError(externalRef);
    const problems: Record<string, string> = {};
    if (!customer) problems.customer = "请选择客户";
    if ("error" in amount) problems.amount = amount.error;
    if (refProblem) problems.externalRef = refProblem;
    setFieldErrors(problems);
    if (!customer || "error" in amount || refProblem) return;

    setSaving(true);
    setError(null);
    try {
      // The external reference is the idempotency key: a retry after a lost
      // reply returns the payment recorded the first time.
      const payment = await recordPayment({
        externalRef: externalRef.trim(),
        customerId: customer.customerId,
        amountFen: amount.fen,
        method,
        receivedAt: receivedAtIso(received.date, received.time),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setRecorded(payment);
      void Taro.showToast({ title: "已记录", icon: "success" });
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      if (failure instanceof ApiError && failure.code === "IDEMPOTENCY_CONFLICT") {
        setFieldErrors({ externalRef: "这个流水号已登记过另一笔收款，请核对" });
      } else {
        setError(failure);
      }
    } finally {
      setSaving(false);
    }
  }

  if (recorded) {
    return (
      <View className="page finance-page">
        <PaymentResult payment={recorded} onNext={reset} />
      </View>
    );
  }

  return (
    <View className="page finance-page">
      <CustomerPicker selected={customer} onSelect={chooseCustomer} testId="payment-customer" />
      {fieldErrors.customer ? (
        <Text className="fin-field-error" data-testid="customer-error">
          {fieldErrors.customer}
        </Text>
      ) : null}

      <View className="card">
        <Text className="fin-field-label">金额（元）</Text>
        <Input
          className="fin-field"
          data-testid="payment-amount"
          type="digit"
          placeholder="例如 1280.50"
          value={amountText}
          onInput={(event) => changeAmount(event.detail.value)}
        />
        {fieldErrors.amount ? (
          <Text className="fin-field-error" data-testid="amount-error">
            {fieldErrors.amount}
          </Text>
        ) : null}

        <Text className="fin-field-label">收款方式</Text>
        <View className="fin-choices">
          <ChipGroup
            options={METHOD_OPTIONS}
            selectedKey={method}
            onSelect={(key) => {
              if (isPaymentMethod(key)) setMethod(key);
            }}
            testId="payment-method"
          />
        </View>

        <Text className="fin-field-label">流水号（银行或微信支付单号；现金填收据号）</Text>
        <Input
          className="fin-field"
          data-testid="payment-ref"
          placeholder="同一流水号只记一次"
          maxlength={64}
          value={externalRef}
          onInput={(event) => changeExternalRef(event.detail.value)}
        />
        {method === "cash" && externalRef === "" ? (
          <View className="fin-actions">
            <Button
              size="small"
              fill="outline"
              onClick={() => changeExternalRef(cashReceiptRef(received.date, createRequestId().split("-")[1]))}
            >
              生成收据号
            </Button>
          </View>
        ) : null}
        {fieldErrors.externalRef ? (
          <Text className="fin-field-error" data-testid="ref-error">
            {fieldErrors.externalRef}
          </Text>
        ) : null}

        <Text className="fin-field-label">到账时间（北京时间）</Text>
        <View className="fin-time">
          <DateField
            label="日期"
            value={received.date}
            end={chinaDate(Date.now())}
            onChange={(date) => setReceived((current) => ({ ...current, date }))}
            testId="payment-date"
          />
          <Picker
            mode="time"
            value={received.time}
            onChange={(event) => setReceived((current) => ({ ...current, time: String(event.detail.value) }))}
          >
            <View className="date-field" data-testid="payment-time">
              <Text className="date-field__label">时间</Text>
              <Text className="date-field__value">{received.time} ›</Text>
            </View>
          </Picker>
        </View>

        <Text className="fin-field-label">备注（可选）</Text>
        <TextArea
          placeholder="最多 200 字"
          maxLength={200}
          rows={2}
          value={note}
          onChange={(value) => setNote(value)}
        />
      </View>

      <ErrorBanner error={error} />
      <View className="fin-actions" data-testid="save-payment">
        <Button block type="primary" loading={isSaving} onClick={() => void save()}>
          记录收款
        </Button>
      </View>
    </View>
  );
}
