import { AppError } from "../../shared/errors";
import { nextStatus } from "../../shared/order-status";
import { findCarrier, type ShipInput } from "../../shared/schemas/fulfilment";
import type { OrderView } from "../../shared/schemas/order";
import type { Caller } from "../core/caller";
import { newId } from "../core/ids";
import type { Runtime } from "../core/runtime";
import { orderAudience, outboxFor, shippedFields, shippedInboxFields } from "../notification/notices";
import { changeOrder } from "../ordering/change";
import { loadVisibleOrder } from "../ordering/queries";
import { toOrderView } from "../ordering/views";
import type { StockMove } from "../store/port";
import type { ShipmentRecord } from "../store/records";
import { remainingByLine } from "./quantities";

/**
 * Ships what was picked. In one atomic step the shipped base quantities
 * leave both on-hand and reserved stock; whatever is not shipped stays
 * reserved as a backorder. A pick short of the remaining quantities ships
 * only when the request sets `isPartial`. A retry with the same requestId
 * returns the order without shipping again.
 */
export async function shipOrder(runtime: Runtime, caller: Caller, input: ShipInput): Promise<OrderView> {
  const order = await loadVisibleOrder(runtime, caller, input.orderId);
  const carrier = findCarrier(input.carrier);
  if (!carrier) throw new AppError("INVALID_INPUT", `unknown carrier ${input.carrier}`);
  const audience = await orderAudience(runtime, order);

  const updated = await changeOrder(runtime, order, (current, reservations) => {
    const earlier = (current.shipments ?? []).find((shipment) => shipment.requestId === input.requestId);
    if (earlier) return { kind: "unchanged", order: current };
    if (!nextStatus("ship", current.status, caller.role).ok || !current.pick) {
      throw new AppError("ORDER_STATE_CONFLICT", `order ${current.orderNo} is ${current.status}, not picked`, {
        status: current.status,
      });
    }

    const remaining = remainingByLine(current);
    const mismatched = current.pick.lines
      .filter((line) => line.quantity !== remaining.get(line.lineNo))
      .map((line) => ({ lineNo: line.lineNo, remaining: remaining.get(line.lineNo) ?? 0, picked: line.quantity }));
    if (mismatched.length > 0 && !input.isPartial) {
      throw new AppError("PICK_MISMATCH", "picked quantities differ from the order; ship as partial", mismatched);
    }
    const shippedLines = current.pick.lines
      .filter((line) => line.quantity > 0)
      .map((line) => {
        const orderLine = current.lines.find((candidate) => candidate.lineNo === line.lineNo);
        if (!orderLine) throw new RangeError(`pick names unknown line ${line.lineNo}`);
        return { lineNo: line.lineNo, quantity: line.quantity, baseQuantity: line.quantity * orderLine.factor, skuId: orderLine.skuId };
      });
    if (shippedLines.length === 0) {
      throw new AppError("PICK_MISMATCH", "nothing was picked", mismatched);
    }
    for (const line of shippedLines) {
      const reserved = reservations.find((r) => r.lineNo === line.lineNo && r.state === "active");
      if (!reserved || reserved.baseQuantity < line.baseQuantity) {
        throw new AppError("ORDER_STATE_CONFLICT", `line ${line.lineNo} is not reserved for shipping`, {
          status: current.status,
        });
      }
    }

    const now = runtime.now();
    const shipment: ShipmentRecord = {
      shipmentId: newId("shp"),
      requestId: input.requestId,
      carrier: carrier.code,
      trackingNo: input.trackingNo,
      lines: shippedLines.map(({ lineNo, quantity, baseQuantity }) => ({ lineNo, quantity, baseQuantity })),
      isPartial: mismatched.length > 0,
      shippedBy: caller.userId,
      at: now,
    };
    const shipmentNotice = { carrierName: carrier.name, trackingNo: shipment.trackingNo, at: now };
    const isComplete = shippedLines.every((line) => line.quantity === remaining.get(line.lineNo)) &&
      [...remaining].every(([lineNo, left]) => left === 0 || shippedLines.some((l) => l.lineNo === lineNo));
    const next = {
      ...current,
      status: isComplete ? ("shipped" as const) : ("partially_shipped" as const),
      updatedAt: now,
      pick: undefined,
      shipments: [...(current.shipments ?? []), shipment],
    };
    const bySku = new Map<string, number>();
    for (const line of shippedLines) bySku.set(line.skuId, (bySku.get(line.skuId) ?? 0) + line.baseQuantity);
    const stockMoves: StockMove[] = [...bySku].map(([skuId, base]) => ({ skuId, onHandDelta: -base, reservedDelta: -base }));

    return {
      kind: "change",
      change: {
        next,
        stockMoves,
        reservationChanges: shippedLines.map((line) => ({ lineNo: line.lineNo, baseDelta: -line.baseQuantity })),
        events: [
          {
            eventId: newId("evt"),
            entityType: "order",
            entityId: current.orderId,
            action: "order.shipped",
            actorId: caller.userId,
            actorRole: caller.role,
            at: now,
            data: {
              shipmentId: shipment.shipmentId,
              carrier: carrier.code,
              trackingNo: shipment.trackingNo,
              isPartial: shipment.isPartial,
              lines: shipment.lines,
              amountFen: shippedLines.reduce((sum, line) => {
                const orderLine = current.lines.find((candidate) => candidate.lineNo === line.lineNo);
                return sum + (orderLine?.priceFen ?? 0) * line.quantity;
              }, 0),
            },
          },
        ],
        outbox: outboxFor(
          audience,
          "orderShipped",
          shippedFields(next, shipmentNotice),
          next,
          now,
          shippedInboxFields(shipmentNotice),
        ),
      },
    };
  });
  return toOrderView(updated);
}
