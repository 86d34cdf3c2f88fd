import { toChinaIso } from "../../shared/china-time";
import type { OrderView, TimelineEvent } from "../../shared/schemas/order";
import type { AuditEventRecord, OrderRecord } from "../store/records";

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
    ...(timeline ? { timeline } : {}),
  };
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
