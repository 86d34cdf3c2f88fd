import { useRef, useState } from "react";
import Taro from "@tarojs/taro";
import { Input, Text, View } from "@tarojs/components";

import {
  CARRIERS,
  normalizeTrackingNo,
  type CarrierCode,
} from "../../../../shared/carriers";
import { ORDER_STATUS_LABELS } from "../../../../shared/order-status";
import type { OrderView } from "../../../../shared/schemas/order";
import { ApiError } from "../../api/api-error";
import { shipOrder } from "../../api/fulfilment";
import { printDeliveryNote } from "../../api/printing";
import { createRequestId } from "../../cart/request-id";
import { ChipGroup } from "../../components/chip-group";
import { ErrorBanner } from "../../components/error-banner";
import { FileButton } from "../../components/file-button";
import { signOutIfUnauthenticated } from "../../session/use-session";
import { Button } from "../../ui/nutui";
import { Switch } from "../../ui/nutui-extra";
import { isPickShort, pickedByLine, remainingByLine } from "../order-lines";
import { WarehouseOrderCard } from "../order-card";
import { useWarehouseOrder } from "../use-warehouse-order";
import { TRACKING_NO_HINTS, trackingNoError } from "./tracking-rules";
import "../warehouse.css";

const CARRIER_OPTIONS = CARRIERS.map((carrier) => ({ key: carrier.code, label: carrier.name }));

function isCarrierCode(key: string): key is CarrierCode {
  return CARRIERS.some((carrier) => carrier.code === key);
}

function PickedSummary({ order }: { order: OrderView }) {
  const remaining = remainingByLine(order);
  const picked = pickedByLine(order);
  return (
    <View className="card" data-testid="ship-lines">
      <Text className="wh-section">本次发货</Text>
      {order.lines
        .filter((line) => (remaining.get(line.lineNo) ?? 0) > 0)
        .map((line) => {
          const left = remaining.get(line.lineNo) ?? 0;
          const count = picked.get(line.lineNo) ?? 0;
          return (
            <View key={line.lineNo} className="wh-line" data-testid="ship-line" data-line-no={line.lineNo}>
              <View className="wh-line__head">
                <Text className="wh-line__name">{line.name}</Text>
                <Text className={count === left ? "wh-line__done" : "wh-line__short"}>
                  发 {count} / 应发 {left} {line.unit}
                </Text>
              </View>
              {count < left ? (
                <Text className="muted">欠货 {left - count} {line.unit}，留待下次发货</Text>
              ) : null}
            </View>
          );
        })}
    </View>
  );
}

function Shipped({ order }: { order: OrderView }) {
  const latest = order.shipments?.[order.shipments.length - 1];
  return (
    <View className="card wh-done" data-testid="ship-done" data-status={order.status}>
      <Text className="wh-done__title">
        {order.status === "partially_shipped" ? "已部分发货" : "已发货"}
      </Text>
      {latest ? (
        <Text className="muted wh-done__line">
          {latest.carrierName} {latest.trackingNo}
        </Text>
      ) : null}
      {order.backorder && order.backorder.length > 0 ? (
        <Text className="muted wh-done__line" data-testid="backorder-note">
          还有 {order.backorder.length} 种商品欠货，补货后在拣货队列继续拣货发货
        </Text>
      ) : null}
    </View>
  );
}

export default function ShipPage() {
  const remote = useWarehouseOrder();
  const { data: order, reload, orderId } = remote;
  const [carrier, setCarrier] = useState<CarrierCode | null>(null);
  const [trackingText, setTrackingText] = useState("");
  const [isPartial, setPartial] = useState(false);
  const [shownError, setShownError] = useState<string | null>(null);
  const [isShipping, setShipping] = useState(false);
  const [shipError, setShipError] = useState<unknown>(null);
  const [shipped, setShipped] = useState<OrderView | null>(null);
  // One key per ship attempt. Retries reuse it, so a lost reply cannot
  // ship the goods twice. It is cleared once the shipment is made.
  const requestId = useRef<string | null>(null);

  const isShort = order !== null && isPickShort(order);
  const isBlockedByShortPick = isShort && !isPartial;

  function chooseCarrier(key: string): void {
    if (!isCarrierCode(key)) return;
    setCarrier(key);
    if (trackingText !== "") setShownError(trackingNoError(key, trackingText));
  }

  async function ship(): Promise<void> {
    if (isShipping || !order) return;
    const problem = trackingNoError(carrier, trackingText);
    setShownError(problem);
    if (problem || !carrier) return;
    if (isBlockedByShortPick) {
      void Taro.showToast({ title: "拣货数量不足，请开启部分发货", icon: "none" });
      return;
    }

    requestId.current ??= createRequestId();
    setShipping(true);
    setShipError(null);
    try {
      const result = await shipOrder({
        orderId,
        requestId: requestId.current,
        carrier,
        trackingNo: normalizeTrackingNo(trackingText),
        ...(isShort ? { isPartial: true } : {}),
      });
      requestId.current = null;
      setShipped(result);
      void Taro.showToast({ title: "已发货", icon: "success" });
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setShipError(failure);
      // Another shipper may have shipped or re-picked it; show it as it is now.
      if (failure instanceof ApiError && failure.code === "ORDER_STATE_CONFLICT") reload();
    } finally {
      setShipping(false);
    }
  }

  const canShip = order !== null && order.status === "picked" && shipped === null;
  return (
    <View className="page warehouse-page">
      <WarehouseOrderCard
        remote={remote}
        statusLabel={order ? ORDER_STATUS_LABELS[(shipped ?? order).status] : ""}
      />

      <ErrorBanner error={shipError} />
      {shipped ? <Shipped order={shipped} /> : null}

      {order && !canShip && !shipped ? (
        <View className="card">
          <Text className="hint" data-testid="not-shippable">
            {order.status === "approved" || order.status === "partially_shipped"
              ? "该订单还没有拣货，请先拣货"
              : "该订单当前不能发货"}
          </Text>
          {order.status === "approved" || order.status === "partially_shipped" ? (
            <Button
              block
              type="primary"
              onClick={() =>
                void Taro.redirectTo({ url: `/warehouse/pick/index?orderId=${encodeURIComponent(orderId)}` })
              }
            >
              去拣货
            </Button>
          ) : null}
        </View>
      ) : null}

      {order && canShip ? (
        <>
          <PickedSummary order={order} />
          {isShort ? (
            <View className="card">
              <View
                className="wh-switch"
                data-testid="partial-switch"
                data-checked={isPartial ? "true" : "false"}
                onClick={() => setPartial(!isPartial)}
              >
                <View>
                  <Text className="wh-line__name">部分发货</Text>
                  <Text className="muted" style={{ display: "block" }}>
                    拣货少于应发数量，未发部分留作欠货
                  </Text>
                </View>
                <Switch checked={isPartial} />
              </View>
            </View>
          ) : null}

          <View className="card">
            <Text className="wh-section">快递公司</Text>
            <View className="wh-choices">
              <ChipGroup
                options={CARRIER_OPTIONS}
                selectedKey={carrier ?? ""}
                onSelect={chooseCarrier}
                testId="carrier"
              />
            </View>
            <Text className="wh-section">运单号</Text>
            <Input
              className="wh-field"
              data-testid="tracking-no"
              placeholder={carrier ? TRACKING_NO_HINTS[carrier] : "先选择快递公司"}
              value={trackingText}
              maxlength={40}
              onInput={(event) => {
                const text = event.detail.value;
                setTrackingText(text);
                // Once shown, the error follows the typing, so it is gone
                // before the field loses focus and the button below does
                // not move under the tap that follows.
                if (shownError !== null) setShownError(text === "" ? null : trackingNoError(carrier, text));
              }}
              onBlur={() => {
                if (trackingText !== "") setShownError(trackingNoError(carrier, trackingText));
              }}
            />
            {shownError ? (
              <Text className="wh-field-error" data-testid="tracking-error">
                {shownError}
              </Text>
            ) : null}
          </View>

          <View className="wh-actions">
            <View data-testid="ship-order">
              <Button
                block
                type="primary"
                disabled={isBlockedByShortPick}
                loading={isShipping}
                onClick={() => void ship()}
              >
                {isShort ? "确认部分发货" : "确认发货"}
              </Button>
            </View>
          </View>
        </>
      ) : null}

      {order ? (
        <View className="wh-actions">
          <FileButton label="打印送货单" testId="print-delivery-note" load={() => printDeliveryNote(orderId)} />
          {shipped ? (
            <View data-testid="back-to-queue">
              <Button block onClick={() => void Taro.navigateBack()}>
                返回拣货队列
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
