import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import type { OrderView, ShipmentView } from "../../../../shared/schemas/order";

function shippedGoods(order: OrderView, shipment: ShipmentView): string {
  return shipment.lines
    .map((shipped) => {
      const line = order.lines.find((candidate) => candidate.lineNo === shipped.lineNo);
      return line ? `${line.name} ${shipped.quantity} ${line.unit}` : null;
    })
    .filter((text): text is string => text !== null)
    .join("，");
}

function Shipment({ order, shipment, index }: { order: OrderView; shipment: ShipmentView; index: number }) {
  return (
    <View
      className="shipment"
      data-testid="shipment"
      data-carrier={shipment.carrier}
      data-tracking-no={shipment.trackingNo}
      data-received={shipment.receipt ? "true" : "false"}
    >
      <Text className="shipment__title">
        {order.shipments && order.shipments.length > 1 ? `第 ${index + 1} 批 · ` : ""}
        {shipment.carrierName}
        {shipment.isPartial ? "（部分发货）" : ""}
      </Text>
      <Text className="shipment__tracking" data-testid="tracking-no" selectable>
        运单号 {shipment.trackingNo}
      </Text>
      <Text className="muted">发货 {formatChinaTime(shipment.shippedAt)}</Text>
      <Text className="muted">{shippedGoods(order, shipment)}</Text>
      {shipment.receipt ? (
        <Text className="shipment__receipt">
          已签收 · {shipment.receipt.signerName} · {formatChinaTime(shipment.receipt.receivedAt)}
        </Text>
      ) : (
        <Text className="shipment__pending">待签收</Text>
      )}
    </View>
  );
}

/**
 * Renders an order's shipments with carrier and tracking number, and what
 * is still owed (the backorder) after a partial shipment. Renders nothing
 * before the first shipment.
 */
export function ShipmentsCard({ order }: { order: OrderView }) {
  const shipments = order.shipments ?? [];
  const backorder = order.backorder ?? [];
  if (shipments.length === 0 && backorder.length === 0) return null;

  return (
    <View className="card" data-testid="shipments">
      <Text className="detail__section">物流信息</Text>
      {shipments.map((shipment, index) => (
        <Shipment key={shipment.shipmentId} order={order} shipment={shipment} index={index} />
      ))}
      {backorder.length > 0 ? (
        <View className="backorder" data-testid="backorder">
          <Text className="backorder__title">欠货（补货后再发）</Text>
          {backorder.map((owed) => {
            const line = order.lines.find((candidate) => candidate.lineNo === owed.lineNo);
            return (
              <Text key={owed.lineNo} className="muted" data-testid="backorder-line" data-line-no={owed.lineNo}>
                {line ? `${line.name} ${owed.quantity} ${line.unit}` : `第 ${owed.lineNo} 行 ${owed.quantity}`}
              </Text>
            );
          })}
        </View>
      ) : null}
    </View>
  );
}
