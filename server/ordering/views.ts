import { toChinaIso } from "../../shared/china-time";
import { findCarrier } from "../../shared/schemas/fulfilment";
import type { Role } from "../../shared/roles";
import type { OrderFlag, OrderFlagCode, OrderView, ShipmentView, TimelineEvent } from "../../shared/schemas/order";
import { remainingByLine } from "../fulfilment/quantities";
import type { AuditEventRecord, OrderRecord, ShipmentRecord } from "../store/records";

/**
 * Flags shown to staff only. A negotiated price's flag carries the reason
 * the salesperson wrote for the clerk and the standard total.
 */
const STAFF_ONLY_FLAGS: readonly OrderFlagCode[] = ["PRICE_OVERRIDDEN"];

/** Returns the order's flags that a caller with `role` may see. */
function flagsFor(flags: OrderFlag[], role: Role | undefined): OrderFlag[] {
  if (role !== "customer") return flags;
  return flags.filter((flag) => !STAFF_ONLY_FLAGS.includes(flag.code));
}

/**
 * Converts a stored order to the wire shape (instants in China time).
 * `viewerRole` is the caller's role when a customer may be the caller, so
 * that staff-only flags are left out for them.
 */
export function toOrderView(order: OrderRecord, timeline?: TimelineEvent[], viewerRole?: Role): OrderView {
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
    flags: flagsFor(order.flags, viewerRole),
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
  viewerRole?: Role,
): TimelineEvent {
  const actorName = actorNames.get(event.actorId);
  const data = viewerRole === "customer" ? withoutStaffNotes(event.data) : event.data;
  return {
    eventId: event.eventId,
    action: event.action,
    actorId: event.actorId,
    actorRole: event.actorRole,
    ...(actorName ? { actorName } : {}),
    at: toChinaIso(event.at),
    ...(data ? { data } : {}),
  };
}

/** Returns event data without the negotiated-price reason, which is written for staff. */
function withoutStaffNotes(data: AuditEventRecord["data"]): AuditEventRecord["data"] {
  if (!data || !("priceReason" in data)) return data;
  const { priceReason: _priceReason, ...rest } = data;
  return rest;
}
