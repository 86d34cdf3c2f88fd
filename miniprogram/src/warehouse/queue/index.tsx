import { useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import type { OrderView } from "../../../../shared/schemas/order";
import { useRemote } from "../../api/use-remote";
import { LoadState } from "../../components/load-state";
import { Button, TabPane, Tabs } from "../../ui/nutui";
import { linesToShip, unreceivedShipments } from "../order-lines";
import { nextStep, stageLabel } from "../stage";
import { loadWarehouseQueues } from "./load-queues";
import "../warehouse.css";

function waitedText(since: string): string {
  const hours = Math.floor((Date.now() - Date.parse(since)) / 3_600_000);
  if (hours < 1) return "不到 1 小时";
  return hours >= 24 ? `${Math.floor(hours / 24)} 天` : `${hours} 小时`;
}

function PickRow({ order }: { order: OrderView }) {
  const step = nextStep(order);
  const lines = linesToShip(order);
  return (
    <View
      className="card wh-row"
      data-testid="pick-row"
      data-order-id={order.orderId}
      data-status={order.status}
    >
      <View className="wh-row__head">
        <Text className="wh-row__no">{order.orderNo}</Text>
        <Text className="status-badge">{stageLabel(order)}</Text>
      </View>
      <Text className="wh-row__customer">{order.customerName}</Text>
      {order.address ? (
        <Text className="muted">
          {order.address.city}
          {order.address.district} {order.address.detail}
        </Text>
      ) : null}
      <Text className="muted">
        下单 {formatChinaTime(order.createdAt)} · 已等 {waitedText(order.approvedAt ?? order.createdAt)} ·{" "}
        {lines.length} 种商品待发
      </Text>
      <View className="wh-row__action" data-testid="open-pick">
        <Button block type="primary" onClick={() => void Taro.navigateTo({ url: step.url })}>
          {step.label}
        </Button>
      </View>
    </View>
  );
}

function ReceiptRow({ order }: { order: OrderView }) {
  const pending = unreceivedShipments(order);
  return (
    <View
      className="card wh-row"
      data-testid="receipt-row"
      data-order-id={order.orderId}
    >
      <View className="wh-row__head">
        <Text className="wh-row__no">{order.orderNo}</Text>
        <Text className="status-badge">待签收</Text>
      </View>
      <Text className="wh-row__customer">{order.customerName}</Text>
      {pending.map((shipment) => (
        <Text key={shipment.shipmentId} className="muted">
          {shipment.carrierName} {shipment.trackingNo} · 发货{" "}
          {formatChinaTime(shipment.shippedAt)}
        </Text>
      ))}
      <View className="wh-row__action" data-testid="open-receipt">
        <Button
          block
          onClick={() =>
            void Taro.navigateTo({
              url: `/warehouse/receipt/index?orderId=${encodeURIComponent(order.orderId)}`,
            })
          }
        >
          代客签收
        </Button>
      </View>
    </View>
  );
}

export default function WarehouseQueuePage() {
  const [tab, setTab] = useState<"pick" | "receipt">("pick");
  const queues = useRemote(loadWarehouseQueues, "queues");
  const { reload } = queues;
  const toPick = queues.data?.toPick ?? [];
  const toReceive = queues.data?.toReceive ?? [];
  const visibleOrders = tab === "pick" ? toPick : toReceive;

  // Coming back from the pick, ship or receipt page must show the change.
  useDidShow(() => {
    if (queues.data) reload();
  });

  return (
    <View className="page warehouse-page">
      {queues.data?.isTruncated ? (
        <Text className="hint">待处理订单过多，仅显示最早的一部分</Text>
      ) : null}
      <View data-testid="queue-tabs">
        <Tabs value={tab} onChange={(value) => setTab(value === "receipt" ? "receipt" : "pick")} activeType="line">
          <TabPane value="pick" title={`待拣货/发货 ${toPick.length}`} />
          <TabPane value="receipt" title={`待签收 ${toReceive.length}`} />
        </Tabs>
      </View>
      <LoadState
        isLoading={queues.isLoading}
        error={queues.error}
        isEmpty={visibleOrders.length === 0}
        emptyText={tab === "pick" ? "没有待拣货的订单" : "没有待签收的订单"}
        onRetry={reload}
        hasData={queues.data !== null}
      />
      <View data-testid={tab === "pick" ? "pick-queue" : "receipt-queue"}>
        {tab === "pick"
          ? toPick.map((order) => <PickRow key={order.orderId} order={order} />)
          : toReceive.map((order) => <ReceiptRow key={order.orderId} order={order} />)}
      </View>
    </View>
  );
}
