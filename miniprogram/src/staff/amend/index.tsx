import { useEffect, useState } from "react";
import Taro, { useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatYuan, sumFen } from "../../../../shared/money";
import { lineAmountFen } from "../../../../shared/pricing";
import type { SkuUnitView } from "../../../../shared/schemas/catalog";
import type { OrderView } from "../../../../shared/schemas/order";
import { getCatalogSku } from "../../api/catalog";
import { amendOrder, getOrder } from "../../api/orders";
import type { CartLine } from "../../cart/cart";
import { snapQuantity } from "../../catalog/products";
import { ChipGroup } from "../../components/chip-group";
import { ErrorBanner } from "../../components/error-banner";
import { QuantityStepper } from "../../components/quantity-stepper";
import { signOutIfUnauthenticated } from "../../session/use-session";
import { Button, Dialog, Tag } from "../../ui/nutui";
import { AddLineSheet } from "./add-line-sheet";
import "./index.css";

/** A line being edited: its quantity, or null when it is removed. */
interface DraftLine {
  skuId: string;
  unit: string;
  name: string;
  specsText: string;
  /** The order's price, or for an added line the catalog's price today. */
  priceFen: number;
  quantity: number | null;
  rule: Pick<SkuUnitView, "minQuantity" | "stepQuantity">;
  /** True for a line the clerk added, which is not on the order yet. */
  isAdded: boolean;
}

const PRICE_OPTIONS = [
  { key: "keep", label: "保持下单时价格" },
  { key: "reprice", label: "按今日价格重算" },
];

async function loadDraft(order: OrderView): Promise<DraftLine[]> {
  const lines: DraftLine[] = [];
  for (const line of order.lines) {
    // The unit's current minimum and step; an old line keeps 1/1 when its
    // SKU left the catalog, and the server checks again on submit.
    let rule = { minQuantity: 1, stepQuantity: 1 };
    try {
      const sku = await getCatalogSku(line.skuId, order.customerId);
      const unit = sku.units.find((candidate) => candidate.unit === line.unit);
      if (unit) rule = unit;
    } catch {
      // Falls back to 1/1 as described above.
    }
    lines.push({
      skuId: line.skuId,
      unit: line.unit,
      name: line.name,
      specsText: Object.values(line.specs).join(" / "),
      priceFen: line.priceFen,
      quantity: line.quantity,
      rule,
      isAdded: false,
    });
  }
  return lines;
}

export default function AmendPage() {
  const orderId = useRouter().params.orderId ?? "";
  const [order, setOrder] = useState<OrderView | null>(null);
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [priceMode, setPriceMode] = useState("keep");
  const [error, setError] = useState<unknown>(null);
  const [isSaving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [isAdding, setAdding] = useState(false);
  const [isConfirming, setConfirming] = useState(false);

  useEffect(() => {
    let isCurrent = true;
    setError(null);
    getOrder(orderId)
      .then(async (loaded) => {
        const draft = await loadDraft(loaded);
        if (!isCurrent) return;
        setOrder(loaded);
        setLines(draft);
      })
      .catch((failure: unknown) => {
        if (!isCurrent) return;
        signOutIfUnauthenticated(failure);
        setError(failure);
      });
    return () => {
      isCurrent = false;
    };
  }, [orderId, attempt]);

  function update(index: number, quantity: number | null): void {
    setLines((current) =>
      current.map((line, at) => (at === index ? { ...line, quantity } : line)),
    );
  }

  function remove(index: number): void {
    // An added line is not on the order, so removing it just drops it.
    if (lines[index].isAdded) {
      setLines((current) => current.filter((_line, at) => at !== index));
    } else {
      update(index, null);
    }
  }

  /**
   * Adds a line picked in the catalog. A SKU and unit already listed gets
   * the quantity added to it instead, because the order has one line per
   * SKU and unit. A removed line comes back with the picked quantity.
   */
  function addLine(picked: CartLine, priceFen: number): void {
    const index = lines.findIndex((line) => line.skuId === picked.skuId && line.unit === picked.unit);
    if (index >= 0) {
      const sum = (lines[index].quantity ?? 0) + picked.quantity;
      update(index, snapQuantity(sum, lines[index].rule));
      void Taro.showToast({ title: "已合并到订单中的同一商品", icon: "none" });
    } else {
      const added: DraftLine = {
        skuId: picked.skuId,
        unit: picked.unit,
        name: picked.name,
        specsText: picked.specsText,
        priceFen,
        quantity: picked.quantity,
        rule: { minQuantity: picked.minQuantity, stepQuantity: picked.stepQuantity },
        isAdded: true,
      };
      setLines((current) => [...current, added]);
      void Taro.showToast({ title: "已加入订单", icon: "success" });
    }
    setAdding(false);
  }

  const keptLines = lines.filter((line) => line.quantity !== null);
  // With today's prices the server prices the order on save, so only the
  // kept prices give a new total here.
  const newTotalFen =
    priceMode === "keep"
      ? sumFen(keptLines.map((line) => lineAmountFen(line.priceFen, line.quantity ?? 0)))
      : null;
  const isChanged =
    priceMode === "reprice" ||
    lines.some((line, index) => line.isAdded || line.quantity !== order?.lines[index]?.quantity);

  async function save(): Promise<void> {
    setConfirming(false);
    if (!order || isSaving || keptLines.length === 0) return;
    setSaving(true);
    setError(null);
    try {
      await amendOrder({
        orderId: order.orderId,
        lines: keptLines.map((line) => ({
          skuId: line.skuId,
          unit: line.unit,
          quantity: line.quantity ?? 0,
        })),
        reprice: priceMode === "reprice",
      });
      void Taro.showToast({ title: "订单已修改", icon: "success" });
      // Opened from a link there is no page to go back to, so the order's
      // detail page replaces this one.
      if (Taro.getCurrentPages().length > 1) {
        void Taro.navigateBack();
      } else {
        void Taro.redirectTo({
          url: `/pages/order-detail/index?orderId=${encodeURIComponent(order.orderId)}`,
        });
      }
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  const skuNames = Object.fromEntries(
    lines.map((line) => [line.skuId, `${line.name} ${line.specsText}`]),
  );
  return (
    <View className="page amend-page">
      <ErrorBanner
        error={error}
        skuNames={skuNames}
        onRetry={order ? undefined : () => setAttempt((n) => n + 1)}
      />
      {!order && !error ? <Text className="empty">加载中…</Text> : null}
      {order ? (
        <>
          <Text className="hint">
            {order.orderNo} · {order.customerName}：已审核未发货的订单可改数量、删除或添加商品，库存预留随之调整。
          </Text>
          {lines.map((line, index) => (
            <View
              key={`${line.skuId}:${line.unit}`}
              className="card"
              data-testid="amend-line"
              data-sku-id={line.skuId}
              data-unit={line.unit}
            >
              <View className="amend__title">
                <Text className="amend__name">{line.name}</Text>
                {line.isAdded ? <Tag type="primary">新增</Tag> : null}
              </View>
              <Text className="muted">
                {line.specsText} · {formatYuan(line.priceFen)}/{line.unit}
                {line.isAdded ? "（今日客户价）" : ""}
              </Text>
              {line.quantity !== null ? (
                <Text className="muted amend__amount" data-testid="amend-line-amount">
                  {line.quantity} {line.unit} · 小计 {formatYuan(lineAmountFen(line.priceFen, line.quantity))}
                </Text>
              ) : null}
              {line.quantity === null ? (
                <View className="amend__row">
                  <Text className="shortage">已删除</Text>
                  <Button size="small" onClick={() => update(index, order.lines[index].quantity)}>
                    恢复
                  </Button>
                </View>
              ) : (
                <View className="amend__row">
                  <QuantityStepper
                    value={line.quantity}
                    minQuantity={line.rule.minQuantity}
                    stepQuantity={line.rule.stepQuantity}
                    onChange={(quantity) => update(index, quantity)}
                    testId="amend-quantity"
                  />
                  <View data-testid="amend-remove">
                    <Button size="small" type="danger" fill="outline" onClick={() => remove(index)}>
                      删除
                    </Button>
                  </View>
                </View>
              )}
            </View>
          ))}
          <View className="amend__add" data-testid="amend-add-line">
            <Button block fill="outline" type="primary" onClick={() => setAdding(true)}>
              添加商品
            </Button>
          </View>
          <AddLineSheet
            isOpen={isAdding}
            customerId={order.customerId}
            onAdd={addLine}
            onClose={() => setAdding(false)}
          />
          <View className="card">
            <ChipGroup
              options={PRICE_OPTIONS}
              selectedKey={priceMode}
              onSelect={setPriceMode}
              testId="amend-price-mode"
            />
          </View>
          <View className="card amend__totals" data-testid="amend-totals">
            <Text className="muted">原金额 {formatYuan(order.totalFen)}</Text>
            <Text className="amend__total" data-testid="amend-new-total">
              {newTotalFen === null ? "新金额按今日价格在保存时计算" : `新金额 ${formatYuan(newTotalFen)}`}
            </Text>
          </View>
          {keptLines.length === 0 ? (
            <Text className="hint">至少保留一种商品；整单不要请取消订单</Text>
          ) : null}
          <View data-testid="amend-save">
            <Button
              block
              type="primary"
              size="large"
              loading={isSaving}
              disabled={!isChanged || keptLines.length === 0}
              onClick={() => setConfirming(true)}
            >
              保存修改
            </Button>
          </View>
          <Dialog
            visible={isConfirming}
            title="确认修改订单"
            content={
              newTotalFen === null
                ? `订单金额将按今日客户价重算（原金额 ${formatYuan(order.totalFen)}），库存预留随之调整。`
                : `订单金额由 ${formatYuan(order.totalFen)} 改为 ${formatYuan(newTotalFen)}，库存预留随之调整。`
            }
            confirmText="确认修改"
            cancelText="再看看"
            onConfirm={() => void save()}
            onCancel={() => setConfirming(false)}
          />
        </>
      ) : null}
    </View>
  );
}
