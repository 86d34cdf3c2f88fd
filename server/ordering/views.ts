import { toChinaIso } from "../../shared/china-time";
import { findCarrier } from "../../shared/schemas/fulfilment";
import type { OrderView, ShipmentView, TimelineEvent } from "../../shared/schemas/order";
import { remainingByLine } from "../fulfilment/quantities";
import type { AuditEventRecord, OrderRecord, ShipmentRecord } from "../store/records";

/** Converts a stored order to the wire shape (instants in China time). */
export function toOrderView(order: OrderRecord, timeline?: TimelineEvent[]): OrderView {
  return {
    orderId: order.orderId,
    orderNo: order.orderNo,
    customerId: order.customerId,
    customerName: order.customerName,
    status: order.status,
    channel: order.channel,
    placedBy: order.placedBy,
    lines: order.lines,
    totalFen: order.totalFen,
    ...(order.address ? { address: order.address } : {}),
    ...(order.remark ? { remark: order.remark } : {}),
    flags: order.flags,
    paymentStatus: order.paymentStatus,
    createdAt: toChinaIso(order.createdAt),
    updatedAt: toChinaIso(order.updatedAt),
    ...(order.approvedAt !== undefined ? { approvedAt: toChinaIso(order.approvedAt) } : {}),
    ...(order.pick ? { pick: { lines: order.pick.lines, pickedAt: toChinaIso(order.pick.at) } } : {}),
    ...(order.shipments?.length ? { shipments: order.shipments.map(toShipmentView) } : {}),
    ...backorderOf(order),
    ...(timeline ? { timeline } : {}),
  };
}

function toShipmentView(shipment: ShipmentRecord): ShipmentView {
  return {
    shipmentId: shipment.shipmentId,
    carrier: shipment.carrier,
    carrierName: findCarrier(shipment.carrier)?.name ?? shipment.carrier,
    trackingNo: shipment.trackingNo,
    lines: shipment.lines,
    isPartial: shipment.isPartial,
    shippedAt: toChinaIso(shipment.at),
    ...(shipment.receipt
      ? { receipt: { signerName: shipment.receipt.signerName, receivedAt: toChinaIso(shipment.receipt.at) } }
      : {}),
  };
}

/** The backorder exists only while a partially shipped order waits for the rest. */
function backorderOf(order: OrderRecord): { backorder?: { lineNo: number; quantity: number }[] } {
  if (order.status !== "partially_shipped" && !(order.status === "picked" && order.shipments?.length)) return {};
  const backorder = [...remainingByLine(order)]
    .filter(([, quantity]) => quantity > 0)
    .map(([lineNo, quantity]) => ({ lineNo, quantity }));
  return { backorder };
}

export function toTimelineEvent(
  event: AuditEventRecord,
  actorNames: ReadonlyMap<string, string>,
): TimelineEvent {
  const actorName = actorNames.get(event.actorId);
  return {
    eventId: event.eventId,
    action: event.action,
    actorId: event.actorId,
    actorRole: event.actorRole,
    ...(actorName ? { actorName } : {}),
    at: toChinaIso(event.at),
    ...(event.data ? { data: event.data } : {}),
  };
}
