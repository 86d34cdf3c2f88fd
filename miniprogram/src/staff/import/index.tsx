import { useEffect, useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import type { CustomerView } from "../../../../shared/schemas/customer";
import { listCustomers } from "../../api/customers";
import {
  importCatalogSheet,
  importCustomerSheet,
  importOrderSheet,
  type RejectedRow,
  type SheetFile,
} from "../../api/imports";
import { createRequestId } from "../../cart/request-id";
import { ChipGroup } from "../../components/chip-group";
import { ErrorBanner } from "../../components/error-banner";
import { signOutIfUnauthenticated } from "../../session/use-session";
import { Button, TabPane, Tabs } from "../../ui/nutui";
import { chooseChatFile, readBrowserFile, SheetTooLargeError } from "./pick-sheet";
import "./index.css";

type Kind = "order" | "catalog" | "customer";

const TEMPLATES: Record<Kind, string> = {
  order: "表头：编码、单位、数量。编码填 SKU 编码或条码；填条码时单位可留空。",
  catalog:
    "表头：SKU编码、商品编码、名称、分类、基本单位、规格、单位、拼音首字母。规格如「规格=800×800mm」，单位如「片:1:89.00;箱:3:260.00:6901234567892」（单位:换算:标准价:条码:起订:步长）。",
  customer:
    "表头：客户编码、名称、等级（核心/标准/新客）、省份、城市、区县、详细地址、联系人、电话、结算方式（现结/月结）、信用额度、账期天数、信用策略（拦截/暂扣）、业务员。",
};

interface Outcome {
  summary: string;
  orderId?: string;
  rejects: RejectedRow[];
}

function useCustomerOptions() {
  const [customers, setCustomers] = useState<CustomerView[]>([]);
  useEffect(() => {
    listCustomers({ limit: 100 }).then(
      (page) => setCustomers(page.items),
      () => undefined,
    );
  }, []);
  return customers;
}

export default function ImportPage() {
  const [kind, setKind] = useState<Kind>("order");
  const [file, setFile] = useState<SheetFile | null>(null);
  const [requestId, setRequestId] = useState(createRequestId);
  const [customerId, setCustomerId] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const customers = useCustomerOptions();

  function selectFile(next: SheetFile): void {
    setFile(next);
    // A new file is a new order, and a retried upload of it keeps the key.
    setRequestId(createRequestId());
    setOutcome(null);
    setError(null);
  }

  async function pickInWeapp(): Promise<void> {
    try {
      const chosen = await chooseChatFile();
      if (chosen) selectFile(chosen);
    } catch (failure) {
      showPickFailure(failure);
    }
  }

  function showPickFailure(failure: unknown): void {
    const title =
      failure instanceof SheetTooLargeError ? "文件超过 700 KB，请拆分后上传" : "读取文件失败";
    void Taro.showToast({ title, icon: "none" });
  }

  async function upload(): Promise<void> {
    if (!file || isBusy) return;
    setBusy(true);
    setError(null);
    try {
      if (kind === "order") {
        const report = await importOrderSheet(file, customerId, requestId);
        setOutcome({
          summary: report.order
            ? `已生成订单 ${report.order.orderNo}：${report.accepted} 行成功，${report.rejects.length} 行未导入`
            : `没有可下单的行，${report.rejects.length} 行未导入`,
          orderId: report.order?.orderId,
          rejects: report.rejects,
        });
      } else {
        const run = kind === "catalog" ? importCatalogSheet : importCustomerSheet;
        const report = await run(file);
        setOutcome({
          summary: `已导入 ${report.imported} 行，${report.rejects.length} 行未导入`,
          rejects: report.rejects,
        });
      }
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const canUpload = file !== null && (kind !== "order" || customerId !== "");
  return (
    <View className="page import-page">
      <Tabs
        value={kind}
        onChange={(value) => {
          setKind(value as Kind);
          setOutcome(null);
          setError(null);
        }}
      >
        <TabPane value="order" title="订单" />
        <TabPane value="catalog" title="商品" />
        <TabPane value="customer" title="客户" />
      </Tabs>

      <Text className="hint" data-testid="import-template">
        {TEMPLATES[kind]} 支持 .xlsx（第一个工作表）和 UTF-8 .csv。
      </Text>

      {kind === "order" ? (
        <View className="card" data-testid="import-customer">
          <Text className="import__label">下单客户</Text>
          <ChipGroup
            options={customers.map((customer) => ({
              key: customer.customerId,
              label: customer.name,
            }))}
            selectedKey={customerId}
            onSelect={setCustomerId}
            testId="import-customer-picker"
          />
        </View>
      ) : null}

      <View className="card">
        <Text className="import__label">表格文件</Text>
        {process.env.TARO_ENV === "h5" ? (
          <input
            className="import__file"
            data-testid="import-file"
            type="file"
            accept=".xlsx,.csv"
            onChange={(event) => {
              const chosen = event.currentTarget.files?.[0];
              if (chosen) readBrowserFile(chosen).then(selectFile, showPickFailure);
            }}
          />
        ) : (
          <Button onClick={() => void pickInWeapp()}>从微信聊天选择文件</Button>
        )}
        {file ? (
          <Text className="muted" data-testid="import-file-name">
            已选择：{file.fileName}
          </Text>
        ) : null}
      </View>

      <View data-testid="import-upload">
        <Button
          block
          type="primary"
          size="large"
          loading={isBusy}
          disabled={!canUpload}
          onClick={() => void upload()}
        >
          开始导入
        </Button>
      </View>

      <ErrorBanner error={error} />
      {outcome ? (
        <View className="card" data-testid="import-report">
          <Text className="import__summary" data-testid="import-summary">
            {outcome.summary}
          </Text>
          {outcome.orderId ? (
            <Button
              size="small"
              onClick={() =>
                void Taro.navigateTo({
                  url: `/pages/order-detail/index?orderId=${encodeURIComponent(outcome.orderId ?? "")}`,
                })
              }
            >
              查看订单
            </Button>
          ) : null}
          {outcome.rejects.map((reject) => (
            <Text
              key={reject.row}
              className="import__reject"
              data-testid="import-reject"
              data-row={reject.row}
            >
              第 {reject.row} 行：{reject.reason}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}
