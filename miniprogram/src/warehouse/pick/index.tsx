import { useEffect, useRef, useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import type { OrderLine, OrderView } from "../../../../shared/schemas/order";
import type { BarcodeMatch } from "../../api/catalog";
import { confirmPicked } from "../../api/fulfilment";
import { printPickList } from "../../api/printing";
import { ErrorBanner } from "../../components/error-banner";
import { FileButton } from "../../components/file-button";
import { signOutIfUnauthenticated } from "../../session/use-session";
import { Button, InputNumber } from "../../ui/nutui";
import { linesToShip, pickedByLine, remainingByLine } from "../order-lines";
import { WarehouseOrderCard } from "../order-card";
import { useWarehouseOrder } from "../use-warehouse-order";
import { BarcodeCounter } from "./barcode-counter";
import { countScan, type PickedCounts } from "./count-scan";
import "../warehouse.css";

const PICKABLE = new Set(["approved", "picked", "partially_shipped"]);

/** Starts from the order's saved pick when there is one, else from zero. */
function initialCounts(order: OrderView): PickedCounts {
  const saved = order.status === "picked" ? pickedByLine(order) : new Map<number, number>();
  return Object.fromEntries(
    linesToShip(order).map((line) => [line.lineNo, saved.get(line.lineNo) ?? 0]),
  );
}

interface PickLineProps {
  line: OrderLine;
  remaining: number;
  picked: number;
  onChange: (quantity: number) => void;
}

function PickLine({ line, remaining, picked, onChange }: PickLineProps) {
  const isDone = picked === remaining;
  return (
    <View
      className="wh-line"
      data-testid="pick-line"
      data-line-no={line.lineNo}
      data-sku-id={line.skuId}
      data-picked={picked}
      data-remaining={remaining}
    >
      <View className="wh-line__head">
        <Text className="wh-line__name">{line.name}</Text>
        <Text className={isDone ? "wh-line__done" : "wh-line__short"}>
          {isDone ? "已拣齐" : `差 ${remaining - picked} ${line.unit}`}
        </Text>
      </View>
      <Text className="muted">
        {Object.values(line.specs).join(" / ")} · 应拣 {remaining} {line.unit}
        {line.factor > 1 ? `（${remaining * line.factor} ${line.baseUnit}）` : ""}
      </Text>
      <View className="wh-line__count">
        <Text>已拣（{line.unit}）</Text>
        <View data-testid="picked-quantity">
          <InputNumber
            value={picked}
            min={0}
            max={remaining}
            type="number"
            onChange={(next) => {
              const quantity = Number(next);
              if (Number.isInteger(quantity) && quantity >= 0) {
                onChange(Math.min(quantity, remaining));
              }
            }}
          />
        </View>
      </View>
    </View>
  );
}

export default function PickPage() {
  const remote = useWarehouseOrder();
  const { data: order, reload, orderId } = remote;
  const [counts, setCounts] = useState<PickedCounts>({});
  const [isSaving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const countedOrder = useRef<string | null>(null);

  // Counting starts once per order; a reload after an error keeps the counts.
  useEffect(() => {
    if (order && countedOrder.current !== order.orderId) {
      countedOrder.current = order.orderId;
      setCounts(initialCounts(order));
    }
  }, [order]);

  const lines = order ? linesToShip(order) : [];
  const remaining = order ? remainingByLine(order) : new Map<number, number>();
  const isShort = lines.some((line) => (counts[line.lineNo] ?? 0) < (remaining.get(line.lineNo) ?? 0));
  const hasAny = lines.some((line) => (counts[line.lineNo] ?? 0) > 0);

  function setCount(lineNo: number, quantity: number): void {
    setCounts((current) => ({ ...current, [lineNo]: quantity }));
  }

  function countScanned(match: BarcodeMatch): void {
    const outcome = countScan(lines, remaining, counts, { skuId: match.sku.skuId, unit: match.unit });
    switch (outcome.kind) {
      case "counted":
        setCount(outcome.lineNo, outcome.quantity);
        void Taro.showToast({ title: `${match.sku.name} +1`, icon: "none" });
        return;
      case "full":
        void Taro.showToast({ title: "该商品已拣够", icon: "none" });
        return;
      case "other_unit":
        void Taro.showToast({
          title: `条码是「${outcome.scannedUnit}」，本单按「${outcome.lineUnit}」拣货`,
          icon: "none",
        });
        return;
      case "not_in_order":
        void Taro.showToast({ title: "本单没有这个商品", icon: "none" });
    }
  }

  function fillAll(): void {
    setCounts(Object.fromEntries(lines.map((line) => [line.lineNo, remaining.get(line.lineNo) ?? 0])));
  }

  async function save(): Promise<void> {
    if (isSaving) return;
    if (!hasAny) {
      void Taro.showToast({ title: "还没有拣货，请先计数", icon: "none" });
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      await confirmPicked(
        orderId,
        lines.map((line) => ({ lineNo: line.lineNo, quantity: counts[line.lineNo] ?? 0 })),
      );
      void Taro.redirectTo({ url: `/warehouse/ship/index?orderId=${encodeURIComponent(orderId)}` });
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setSaveError(failure);
      // The order may have changed meanwhile, e.g. another picker shipped it.
      reload();
    } finally {
      setSaving(false);
    }
  }

  const canPick = order !== null && PICKABLE.has(order.status);
  return (
    <View className="page warehouse-page">
      <WarehouseOrderCard
        remote={remote}
        statusLabel={order?.status === "partially_shipped" ? "欠货待拣" : "拣货中"}
      >
        {order?.address ? (
          <View>
            <Text className="muted">
              {order.address.contact} {order.address.phone} · {order.address.city}
              {order.address.district}
              {order.address.detail}
            </Text>
          </View>
        ) : null}
        {order?.remark ? (
          <View>
            <Text className="muted">备注：{order.remark}</Text>
          </View>
        ) : null}
      </WarehouseOrderCard>
      {order ? (
        <>
          {canPick ? (
            <>
              <BarcodeCounter onScanned={countScanned} />
              <View className="card" data-testid="pick-lines">
                <View className="wh-summary">
                  <Text className="wh-section">拣货明细</Text>
                  <View data-testid="pick-fill-all">
                    <Button size="small" fill="outline" onClick={fillAll}>
                      全部拣齐
                    </Button>
                  </View>
                </View>
                {lines.map((line) => (
                  <PickLine
                    key={line.lineNo}
                    line={line}
                    remaining={remaining.get(line.lineNo) ?? 0}
                    picked={counts[line.lineNo] ?? 0}
                    onChange={(quantity) => setCount(line.lineNo, quantity)}
                  />
                ))}
              </View>
              {isShort && hasAny ? (
                <Text className="hint" data-testid="pick-short">
                  有商品未拣够，发货时需开启「部分发货」，未发部分留作欠货
                </Text>
              ) : null}
              <ErrorBanner error={saveError} />
              <View className="wh-actions">
                <View data-testid="confirm-picked">
                  <Button block type="primary" loading={isSaving} onClick={() => void save()}>
                    确认拣货，去发货
                  </Button>
                </View>
                <FileButton
                  label="打印拣货单"
                  testId="print-pick-list"
                  load={() => printPickList([orderId])}
                />
              </View>
            </>
          ) : (
            <Text className="hint" data-testid="not-pickable">
              该订单当前无需拣货
            </Text>
          )}
        </>
      ) : null}
    </View>
  );
}
